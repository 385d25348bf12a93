package io.presence.service.bench;

import io.presence.service.store.UserKeyCodec;
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
 * User id to KV key and back ({@link UserKeyCodec}), on every read miss, write and watch event.
 * {@code plain} ids ({@code u12345}) need no escaping; {@code email} ids escape {@code @} and {@code .}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UserKeyCodecBenchmark {

    @Param({"plain", "email"})
    public String ids;

    private final String[] userIds = new String[BenchFixtures.SAMPLES];
    private final String[] keys = new String[BenchFixtures.SAMPLES];
    private int next;

    @Setup
    public void setUp() {
        for (int i = 0; i < BenchFixtures.SAMPLES; i++) {
            userIds[i] = switch (ids) {
                case "plain" -> BenchFixtures.userId(i);
                case "email" -> "first.last" + i + "@example.com";
                default -> throw new IllegalArgumentException("unknown id kind " + ids);
            };
            keys[i] = UserKeyCodec.encode(userIds[i]);
            BenchFixtures.check(UserKeyCodec.decode(keys[i]).equals(userIds[i]), "key round trip " + keys[i]);
            BenchFixtures.check(keys[i].equals(userIds[i]) == ids.equals("plain"), "escaping of " + userIds[i]);
        }
    }

    @Benchmark
    public String encode() {
        return UserKeyCodec.encode(userIds[next++ & BenchFixtures.MASK]);
    }

    @Benchmark
    public String decode() {
        return UserKeyCodec.decode(keys[next++ & BenchFixtures.MASK]);
    }
}
