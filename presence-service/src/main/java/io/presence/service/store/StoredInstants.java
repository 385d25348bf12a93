package io.presence.service.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * How a stored record holds its instants: decimal seconds since the epoch ({@code 1764974758.392}) rather than
 * ISO-8601 strings ({@code "2025-12-05T22:45:58.392Z"}). That is 12 bytes less per instant, a fifth of a
 * one-device record with its KV subject, and nats-server keeps a bucket's recently rewritten blocks in memory,
 * so its memory under writes follows the record's size (docs/performance.md); a number is also read back
 * several times faster than a date is parsed, which the watch does for every write.
 *
 * <p>Every node reads both forms: Jackson's own {@link InstantDeserializer} reads a JSON decimal as seconds and
 * a fraction whatever its settings, so nodes from before this form read these records during a rolling upgrade,
 * and records they wrote, with ISO strings, are read here until their users' next write replaces them.
 */
final class StoredInstants {

    private static final int NANO_DIGITS = 9;
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000};

    private StoredInstants() {
    }

    /** The stored records' module: this form for every {@link Instant} they hold. */
    static SimpleModule module() {
        return new SimpleModule("presence-stored-instants")
                .addSerializer(Instant.class, new Writer())
                .addDeserializer(Instant.class, new Reader());
    }

    /** Seconds, a point and the fraction without trailing zeros (at least one digit, so it stays a decimal). */
    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        int nanos = instant.getNano();
        if (seconds < 0) {
            return BigDecimal.valueOf(seconds).add(BigDecimal.valueOf(nanos, NANO_DIGITS)).setScale(
                    Math.max(1, fractionDigits(nanos)), RoundingMode.UNNECESSARY).toPlainString();
        }
        int digits = fractionDigits(nanos);
        StringBuilder out = new StringBuilder(20).append(seconds).append('.');
        if (digits == 0) {
            return out.append('0').toString();
        }
        String padded = Integer.toString(nanos + 1_000_000_000).substring(1);
        return out.append(padded, 0, digits).toString();
    }

    /**
     * Reads {@code text}, a decimal written by {@link #format} (digits, a point, at most nine digits), or null for
     * anything else (a sign, an exponent, more digits), which Jackson's own deserializer then reads.
     */
    static Instant parse(String text) {
        int point = text.indexOf('.');
        int digits = text.length() - point - 1;
        if (point < 1 || point > 18 || digits < 1 || digits > NANO_DIGITS || !digitsOnly(text, 0, point)
                || !digitsOnly(text, point + 1, text.length())) {
            return null;
        }
        long seconds = Long.parseLong(text, 0, point, 10);
        int fraction = Integer.parseInt(text, point + 1, text.length(), 10);
        return Instant.ofEpochSecond(seconds, (long) fraction * POWERS_OF_TEN[NANO_DIGITS - digits]);
    }

    private static int fractionDigits(int nanos) {
        int digits = NANO_DIGITS;
        for (int rest = nanos; digits > 0 && rest % 10 == 0; rest /= 10) {
            digits--;
        }
        return digits;
    }

    private static boolean digitsOnly(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static final class Writer extends StdSerializer<Instant> {
        Writer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(format(value));
        }
    }

    private static final class Reader extends StdDeserializer<Instant> {
        Reader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                Instant read = parse(parser.getText());
                if (read != null) {
                    return read;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }
}
