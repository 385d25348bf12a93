package io.presence.service.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Writes an {@link Instant} exactly as {@link DateTimeFormatter#ISO_INSTANT} does (and so as Jackson's
 * own serializer does with {@code WRITE_DATES_AS_TIMESTAMPS} off, which is how the application writes
 * every instant), into a reused buffer instead of through the formatter. A presence has three instants,
 * and the formatter's parsing of fields and building of strings made them most of the cost of encoding
 * one: a multi-get of 100 users encodes 300 (docs/performance.md). Years outside 0000-9999 take the
 * formatter's path, whose sign and width rules apply there.
 */
public final class IsoInstantSerializer extends StdSerializer<Instant> {

    /** {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ}: the longest form this writes itself. */
    private static final int MAX_LENGTH = 30;
    private static final long SECONDS_PER_DAY = 86_400;
    /** Days from 0000-03-01 to 1970-01-01, for the civil-from-days algorithm below. */
    private static final long DAYS_0000_TO_1970 = 719_468;
    private static final long DAYS_PER_400_YEARS = 146_097;
    private static final ThreadLocal<char[]> BUFFERS = ThreadLocal.withInitial(() -> new char[MAX_LENGTH]);

    public IsoInstantSerializer() {
        super(Instant.class);
    }

    /** The application's JSON module: this serializer for every {@link Instant}. */
    public static SimpleModule module() {
        return new SimpleModule("presence-iso-instants").addSerializer(Instant.class, new IsoInstantSerializer());
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        char[] buffer = BUFFERS.get();
        int length = format(value, buffer);
        if (length < 0) {
            gen.writeString(DateTimeFormatter.ISO_INSTANT.format(value));
        } else {
            gen.writeString(buffer, 0, length);
        }
    }

    /**
     * Writes {@code instant} into {@code buffer} (at least {@value #MAX_LENGTH} chars) as ISO_INSTANT
     * would; returns the length, or -1 for a year outside 0000-9999.
     */
    static int format(Instant instant, char[] buffer) {
        long seconds = instant.getEpochSecond();
        long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        // Civil date from days since the epoch (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"):
        // years counted from March, so the leap day is the last day of a year.
        long shifted = days + DAYS_0000_TO_1970;
        long era = Math.floorDiv(shifted, DAYS_PER_400_YEARS);
        long dayOfEra = shifted - era * DAYS_PER_400_YEARS;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthFromMarch = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
        int month = (int) (monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            return -1;
        }
        put4(buffer, 0, (int) year);
        buffer[4] = '-';
        put2(buffer, 5, month);
        buffer[7] = '-';
        put2(buffer, 8, day);
        buffer[10] = 'T';
        put2(buffer, 11, secondOfDay / 3600);
        buffer[13] = ':';
        put2(buffer, 14, secondOfDay / 60 % 60);
        buffer[16] = ':';
        put2(buffer, 17, secondOfDay % 60);
        int length = fraction(instant.getNano(), buffer, 19);
        buffer[length] = 'Z';
        return length + 1;
    }

    /** ISO_INSTANT's fraction: none, or 3, 6 or 9 digits, as few as hold the nanoseconds exactly. */
    private static int fraction(int nanos, char[] buffer, int at) {
        if (nanos == 0) {
            return at;
        }
        buffer[at] = '.';
        if (nanos % 1_000_000 == 0) {
            put3(buffer, at + 1, nanos / 1_000_000);
            return at + 4;
        }
        if (nanos % 1_000 == 0) {
            put3(buffer, at + 1, nanos / 1_000_000);
            put3(buffer, at + 4, nanos / 1_000 % 1_000);
            return at + 7;
        }
        put3(buffer, at + 1, nanos / 1_000_000);
        put3(buffer, at + 4, nanos / 1_000 % 1_000);
        put3(buffer, at + 7, nanos % 1_000);
        return at + 10;
    }

    private static void put4(char[] buffer, int at, int value) {
        put2(buffer, at, value / 100);
        put2(buffer, at + 2, value % 100);
    }

    private static void put3(char[] buffer, int at, int value) {
        buffer[at] = (char) ('0' + value / 100);
        put2(buffer, at + 1, value % 100);
    }

    private static void put2(char[] buffer, int at, int value) {
        buffer[at] = (char) ('0' + value / 10);
        buffer[at + 1] = (char) ('0' + value % 10);
    }
}
