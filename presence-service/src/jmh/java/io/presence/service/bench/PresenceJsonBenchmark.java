package io.presence.service.bench;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.presence.api.Presence;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The API DTO {@link Presence} to JSON with the application's {@code ObjectMapper}: what a GET pays per
 * request when the response is encoded per request. {@code toBytes} makes a fresh array (as a cache of
 * pre-encoded bodies would at write time); {@code toStream} writes into a reused stream, as Jersey's
 * Jackson provider writes into the response.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PresenceJsonBenchmark {

    @Param({BenchFixtures.NO_MESSAGE, BenchFixtures.FORTY_CHARS})
    public String message;

    private final Presence[] presences = new Presence[BenchFixtures.SAMPLES];
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    private ObjectWriter writer;
    private int next;

    @Setup
    public void setUp() throws IOException {
        writer = BenchFixtures.applicationObjectMapper().writerFor(Presence.class);
        var records = BenchFixtures.records(BenchFixtures.message(message));
        for (int i = 0; i < BenchFixtures.SAMPLES; i++) {
            presences[i] = BenchFixtures.presence(records[i]);
        }
        String json = new String(writer.writeValueAsBytes(presences[0]), StandardCharsets.UTF_8);
        BenchFixtures.check(json.contains("\"lastSeen\":\"2026-11-28T10:15:30.123456Z\""), "ISO-8601 instants: " + json);
        BenchFixtures.check(json.contains("\"message\"") == (presences[0].message() != null), "message: " + json);
    }

    @Benchmark
    public byte[] toBytes() throws IOException {
        return writer.writeValueAsBytes(presences[next++ & BenchFixtures.MASK]);
    }

    @Benchmark
    public int toStream() throws IOException {
        out.reset();
        writer.writeValue(out, presences[next++ & BenchFixtures.MASK]);
        return out.size();
    }
}
