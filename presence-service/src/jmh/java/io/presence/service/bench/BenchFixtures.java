package io.presence.service.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.setup.Bootstrap;
import io.presence.api.Presence;
import io.presence.api.PresenceStatus;
import io.presence.service.PresenceApplication;
import io.presence.service.PresenceConfiguration;
import io.presence.service.core.PresenceRecord;
import java.time.Duration;
import java.time.Instant;

/** Realistic data and the application's own {@code ObjectMapper}, shared by the benchmarks. */
public final class BenchFixtures {

    /** How many distinct inputs a benchmark cycles through (a power of two: index with {@link #MASK}). */
    public static final int SAMPLES = 1024;
    public static final int MASK = SAMPLES - 1;

    public static final String NODE_ID = "center-1";
    public static final long TTL_SECONDS = 300;
    /** A status message of 40 characters. */
    public static final String MESSAGE_40 = "In a meeting until 3pm, back after lunch";
    /** Microsecond precision, as {@code Clock.systemUTC()} gives on Linux. */
    public static final Instant UPDATED_AT = Instant.parse("2026-11-28T10:15:30.123456Z");

    /** {@code @Param} values for the message variants: none, or {@link #MESSAGE_40}. */
    public static final String NO_MESSAGE = "none";
    public static final String FORTY_CHARS = "40";

    private BenchFixtures() {
    }

    /**
     * The {@code ObjectMapper} the service serves and stores JSON with: Dropwizard's bootstrap mapper
     * as {@code PresenceApplication.initialize} configures it, so a change there shows up here.
     */
    public static ObjectMapper applicationObjectMapper() {
        PresenceApplication application = new PresenceApplication();
        Bootstrap<PresenceConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        return bootstrap.getObjectMapper();
    }

    /** The i-th user id of the form bench.sh preloads ({@code u0}, {@code u1}, ...), spread over 100k users. */
    public static String userId(int i) {
        return "u" + (10_000 + (i * 7_919) % 90_000);
    }

    /** A message {@code @Param} value as the stored message: null or {@link #MESSAGE_40}. */
    public static String message(String variant) {
        return switch (variant) {
            case NO_MESSAGE -> null;
            case FORTY_CHARS -> MESSAGE_40;
            default -> throw new IllegalArgumentException("unknown message variant " + variant);
        };
    }

    /** An online record as a heartbeat with a 300 s TTL writes it; distinct ids and revisions per i. */
    public static PresenceRecord record(int i, String message) {
        Instant at = UPDATED_AT.plusMillis(i);
        return new PresenceRecord(userId(i), PresenceStatus.ONLINE, message, at, at,
                at.plus(Duration.ofSeconds(TTL_SECONDS)), TTL_SECONDS, NODE_ID, 100_000L + i);
    }

    /** {@link #SAMPLES} records, see {@link #record}. */
    public static PresenceRecord[] records(String message) {
        PresenceRecord[] records = new PresenceRecord[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            records[i] = record(i, message);
        }
        return records;
    }

    /** The API view of a record, field for field as the resource maps it. */
    public static Presence presence(PresenceRecord record) {
        return new Presence(record.userId(), record.status(), record.message(), record.lastSeen(),
                record.updatedAt(), record.expiresAt(), record.ttlSeconds(), record.nodeId(), record.revision());
    }

    /** Fails the run when a benchmark's set-up does not produce what it claims to measure. */
    public static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark set-up: " + what);
        }
    }

    /** The {@code percent}th percentile of sorted latencies (nearest rank), 0 when there are none. */
    public static long percentile(long[] sorted, int percent) {
        int n = sorted.length;
        return n == 0 ? 0 : sorted[Math.min(n - 1, (int) Math.ceil(n * percent / 100.0) - 1)];
    }
}
