package io.presence.service.bench;

import com.codahale.metrics.MetricRegistry;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PresenceScan;
import io.presence.service.core.PresenceService;
import io.presence.service.core.PresenceSettings;
import io.presence.service.core.PresenceStore;
import io.presence.service.http.PresenceJson;
import io.presence.service.http.PresenceReads;
import io.presence.service.store.CachedPresenceStore;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
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
 * A cache hit to response bytes: what {@code UserPresenceEndpoint} does per request before writing to the
 * socket (cache lookup, effective status, ETag, JSON), over 100k cached users as bench.sh loads them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CachedReadBenchmark {

    private static final int USERS = 100_000;

    @Param({BenchFixtures.NO_MESSAGE, BenchFixtures.FORTY_CHARS})
    public String message;

    private PresenceService service;
    private PresenceReads reads;
    private final String[] userIds = new String[BenchFixtures.SAMPLES];

    /** Storage is never asked: every benchmarked read is a hit. */
    private static final class NoStorage implements PresenceStore {
        @Override
        public Optional<PresenceRecord> get(String userId) {
            throw new IllegalStateException("a benchmarked read missed the cache: " + userId);
        }

        @Override
        public PresenceRecord put(PresenceRecord record) {
            return record;
        }

        @Override
        public PresenceRecord putIfRevision(PresenceRecord record, long expectedRevision) {
            return record;
        }

        @Override
        public long latestRevision() {
            return 0;
        }

        @Override
        public PresenceScan scan() {
            throw new IllegalStateException("the benchmark exports nothing");
        }
    }

    @Setup
    public void setUp() {
        CachedPresenceStore cache = new CachedPresenceStore(new NoStorage(), USERS, new MetricRegistry());
        String text = BenchFixtures.message(message);
        for (int i = 0; i < USERS; i++) {
            // Times in milliseconds, as a node writes them, so entries take their compact form.
            PresenceRecord record = BenchFixtures.record(i, text);
            cache.onPut(new PresenceRecord("u" + i, record.status(), text,
                    record.lastSeen().truncatedTo(ChronoUnit.MILLIS), record.updatedAt().truncatedTo(ChronoUnit.MILLIS),
                    Clock.systemUTC().instant().plusSeconds(3600).truncatedTo(ChronoUnit.MILLIS),
                    record.ttlSeconds(), record.nodeId(), record.revision()));
        }
        for (int i = 0; i < BenchFixtures.SAMPLES; i++) {
            userIds[i] = BenchFixtures.userId(i);
        }
        service = new PresenceService(cache, new PresenceSettings(), BenchFixtures.NODE_ID, Clock.systemUTC());
        reads = new PresenceReads(new PresenceJson(BenchFixtures.applicationObjectMapper()));
        BenchFixtures.check(service.find(userIds[0]).isPresent(), "user " + userIds[0] + " is cached");
    }

    private int next;

    @Benchmark
    public byte[] cacheHitToBytes() {
        PresenceRecord record = service.find(userIds[next++ & BenchFixtures.MASK]).orElseThrow();
        return reads.answer(record, PresenceReads.Conditions.NONE, false).body();
    }
}
