package io.presence.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/** JSON output: ISO-8601 timestamps, pretty for documents, compact for streams. */
final class CliJson {

    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static {
        // Jackson escapes C0 controls only: a C1 CSI (U+009B) or a direction override from a rogue server would
        // reach the terminal of whoever reads -o json. Escaped, the JSON holds the same string.
        MAPPER.getFactory().setCharacterEscapes(new TerminalSafeEscapes());
    }

    /** The standard escapes, plus {@code \\uNNNN} for what {@link TerminalText} would not print as it is. */
    private static final class TerminalSafeEscapes extends CharacterEscapes {

        private final int[] ascii = standardAsciiEscapesForJSON();

        TerminalSafeEscapes() {
            ascii[0x7f] = ESCAPE_CUSTOM; // DEL, a control character JSON lets through
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int c) {
            return TerminalText.isUnsafe(c) ? new SerializedString(String.format("\\u%04x", c)) : null;
        }
    }

    private CliJson() {
    }

    static String pretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
