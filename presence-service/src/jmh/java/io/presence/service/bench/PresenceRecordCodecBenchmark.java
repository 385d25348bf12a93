package io.presence.service.bench;

import io.presence.service.core.PresenceRecord;
import io.presence.service.store.PresenceRecordCodec;
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
 * The KV value ({@link PresenceRecordCodec}) with the application's {@code ObjectMapper}: encoded on
 * every write, decoded on every read miss and watch event (every node decodes every change).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PresenceRecordCodecBenchmark {

    @Param({BenchFixtures.NO_MESSAGE, BenchFixtures.FORTY_CHARS})
    public String message;

    private final byte[][] values = new byte[BenchFixtures.SAMPLES][];
    private PresenceRecord[] records;
    private PresenceRecordCodec codec;
    private int next;

    @Setup
    public void setUp() {
        codec = new PresenceRecordCodec(BenchFixtures.applicationObjectMapper());
        records = BenchFixtures.records(BenchFixtures.message(message));
        for (int i = 0; i < BenchFixtures.SAMPLES; i++) {
            values[i] = codec.encode(records[i]);
            PresenceRecord decoded = codec.decode(records[i].userId(), values[i], records[i].revision());
            BenchFixtures.check(decoded.equals(records[i]), "record round trip " + decoded);
        }
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(records[next++ & BenchFixtures.MASK]);
    }

    @Benchmark
    public PresenceRecord decode() {
        int i = next++ & BenchFixtures.MASK;
        return codec.decode(records[i].userId(), values[i], records[i].revision());
    }
}
