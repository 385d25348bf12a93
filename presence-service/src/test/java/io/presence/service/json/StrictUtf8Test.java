package io.presence.service.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictUtf8Test {

    private final ObjectMapper mapper = new ObjectMapper();

    StrictUtf8Test() {
        mapper.getFactory().setInputDecorator(new StrictUtf8());
    }

    private static byte[] hex(String hex) {
        String[] parts = hex.split(" ");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return bytes;
    }

    private static byte[] quoted(byte[] inside) {
        byte[] json = new byte[inside.length + 2];
        json[0] = '"';
        System.arraycopy(inside, 0, json, 1, inside.length);
        json[json.length - 1] = '"';
        return json;
    }

    private static boolean decoderAccepts(byte[] bytes) {
        StrictUtf8.Decoder decoder = new StrictUtf8.Decoder();
        try {
            for (byte b : bytes) {
                decoder.accept(b);
            }
            decoder.end();
            return true;
        } catch (JsonParseException e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"41", "C2 80", "DF BF", "E0 A0 80", "EF BF BF", "ED 9F BF", "EE 80 80", "F0 90 80 80",
        "F4 8F BF BF", "E2 82 AC", "F0 9F 98 80"})
    void readsWellFormedSequences(String bytes) throws Exception {
        String expected = new String(hex(bytes), StandardCharsets.UTF_8);
        assertThat(mapper.readValue(quoted(hex(bytes)), String.class)).isEqualTo(expected);
        assertThat(mapper.readValue(new ByteArrayInputStream(quoted(hex(bytes))), String.class)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"C0 AE", "C1 A1", "E0 80 AE", "E0 9F BF", "ED A0 80", "ED BF BF", "F0 80 80 AE",
        "F0 8F BF BF", "F4 90 80 80", "F5 80 80 80", "FF", "80", "BF", "E2 82", "E2 41 41", "C2"})
    void refusesOverlongSurrogateOutOfRangeStrayAndTruncatedSequences(String bytes) {
        assertThatThrownBy(() -> mapper.readValue(quoted(hex(bytes)), String.class))
                .isInstanceOf(JsonParseException.class);
        assertThatThrownBy(() -> mapper.readValue(new ByteArrayInputStream(quoted(hex(bytes))), String.class))
                .isInstanceOf(JsonParseException.class);
    }

    @Test
    void namesWhereTheInputStopsBeingUtf8() {
        assertThatThrownBy(() -> mapper.readValue(hex("22 61 C0 AE 22"), String.class))
                .hasMessageContaining("invalid UTF-8 at byte offset 2")
                .hasMessageContaining("JSON text must be UTF-8, whatever charset the Content-Type names");
    }

    @Test
    void aSequenceCutOffAtTheEndOfTheInputIsRefused() {
        assertThat(decoderAccepts(hex("E2 82"))).isFalse();
        assertThat(decoderAccepts(hex("E2 82 AC"))).isTrue();
    }

    @Test
    void agreesWithTheJdksStrictDecoderOnRandomBytes() {
        SplittableRandom random = new SplittableRandom(1201);
        int[] interesting = {0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
            0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
        for (int i = 0; i < 200_000; i++) {
            byte[] bytes = new byte[random.nextInt(1, 7)];
            for (int j = 0; j < bytes.length; j++) {
                bytes[j] = (byte) (i % 2 == 0 ? interesting[random.nextInt(interesting.length)] : random.nextInt(256));
            }
            assertThat(decoderAccepts(bytes)).as("bytes %s", HexFormat.ofDelimiter(" ").formatHex(bytes))
                    .isEqualTo(jdkAccepts(bytes));
        }
    }

    /** UTF-8 as the JDK decodes it, less the NUL that JSON text never holds raw. */
    private static boolean jdkAccepts(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Jackson would detect UTF-16 and UTF-32 from the NULs and read them; the API speaks UTF-8 only. */
    @ParameterizedTest
    @ValueSource(strings = {"UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE"})
    void refusesJsonInAnotherUnicodeEncoding(String encoding) {
        byte[] json = "{\"status\":\"online\"}".getBytes(Charset.forName(encoding));

        assertThatThrownBy(() -> mapper.readTree(json)).isInstanceOf(JsonParseException.class)
                .hasMessageContaining("JSON text must be UTF-8");
        assertThatThrownBy(() -> mapper.readTree(new ByteArrayInputStream(json))).isInstanceOf(JsonParseException.class)
                .hasMessageContaining("JSON text must be UTF-8");
    }

    @Test
    void leavesCharactersThatAreAlreadyDecodedAlone() throws Exception {
        assertThat(mapper.readValue(new StringReader("\"\u00e9\""), String.class)).isEqualTo("é");
    }
}
