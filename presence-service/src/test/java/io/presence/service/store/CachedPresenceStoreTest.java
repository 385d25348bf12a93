package io.presence.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.presence.api.PresenceStatus;
import io.presence.api.PresenceUpdate;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PresenceService;
import io.presence.service.core.PresenceSettings;
import io.presence.service.core.StoreUnavailableException;
import io.presence.service.testing.InMemoryPresenceStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CachedPresenceStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

    private final InMemoryPresenceStore backing = new InMemoryPresenceStore();
    private final MetricRegistry metrics = new MetricRegistry();
    private final CachedPresenceStore cache = new CachedPresenceStore(backing, 1000, metrics);

    private static PresenceRecord record(String userId, PresenceStatus status, long revision) {
        return new PresenceRecord(userId, status, null, T0, T0, null, null, "n", revision);
    }

    @Test
    void servesRepeatedReadsFromMemory() {
        backing.put(record("alice", PresenceStatus.ONLINE, 0));
        cache.get("alice");
        cache.get("alice");
        assertThat(backing.reads()).isEqualTo(1);
        assertThat(metrics.getCounters().get("cache.hits").getCount()).isEqualTo(1);
    }

    @Test
    void cachesUnknownUsersUntilTheWatchSeesThem() {
        assertThat(cache.get("ghost")).isEmpty();
        assertThat(cache.get("ghost")).isEmpty();
        assertThat(backing.reads()).isEqualTo(1);

        cache.onPut(record("ghost", PresenceStatus.AWAY, 7));
        assertThat(cache.get("ghost")).get().extracting(PresenceRecord::revision).isEqualTo(7L);
    }

    @Test
    void ownWritesAreReadableAtOnce() {
        PresenceRecord stored = cache.put(record("alice", PresenceStatus.BUSY, 0));
        backing.setUnavailable(true);
        assertThat(cache.get("alice")).contains(stored);
    }

    @Test
    void anOlderRevisionNeverReplacesANewerOne() {
        cache.onPut(record("alice", PresenceStatus.BUSY, 5));
        cache.onPut(record("alice", PresenceStatus.ONLINE, 4));
        assertThat(cache.get("alice").orElseThrow().status()).isEqualTo(PresenceStatus.BUSY);

        cache.onDelete("alice", 3);
        assertThat(cache.get("alice")).isPresent();
        cache.onDelete("alice", 6);
        assertThat(cache.get("alice")).isEmpty();
        cache.onPut(record("alice", PresenceStatus.ONLINE, 5));
        assertThat(cache.get("alice")).isEmpty();
    }

    /**
     * A write checks storage itself when the cache may be behind it (an If-Match naming a revision the watch has
     * not delivered yet, a sign-out of a user written through another node a moment ago): the cache is no answer.
     */
    @Test
    void theLatestRecordIsReadFromStorageAndRefreshesTheCache() {
        cache.put(record("alice", PresenceStatus.ONLINE, 0));
        PresenceRecord elsewhere = backing.put(record("alice", PresenceStatus.BUSY, 0));

        assertThat(cache.latest("alice")).contains(elsewhere);
        assertThat(cache.get("alice")).contains(elsewhere);
        assertThat(cache.latest("carol")).isEmpty();
        cache.onPut(record("carol", PresenceStatus.AWAY, 9));
        assertThat(cache.get("carol")).isPresent();
        backing.setUnavailable(true);
        assertThatThrownBy(() -> cache.latest("alice")).isInstanceOf(StoreUnavailableException.class);
    }

    /** The service's conditional write over this cache, as a node whose watch has not delivered another's write. */
    @Test
    void aWriteNamingARevisionTheCacheHasNotSeenSucceeds() {
        PresenceService node = new PresenceService(cache, new PresenceSettings(), "node-a", Clock.fixed(T0, ZoneOffset.UTC));
        node.commit(node.sessionWrite("alice", "default", PresenceUpdate.of(PresenceStatus.ONLINE)), OptionalLong.empty());
        PresenceRecord elsewhere = backing.put(record("alice", PresenceStatus.AWAY, 0));
        PresenceRecord unseen = backing.put(record("bob", PresenceStatus.AWAY, 0));
        assertThat(cache.get("bob")).contains(unseen);
        PresenceRecord later = backing.put(record("bob", PresenceStatus.ONLINE, 0));

        PresenceRecord stored = node.commit(node.sessionWrite("alice", "default", PresenceUpdate.of(PresenceStatus.BUSY)),
                OptionalLong.of(elsewhere.revision()));
        assertThat(stored.status()).isEqualTo(PresenceStatus.BUSY);
        assertThat(node.commit(node.sessionEnd("bob", null), OptionalLong.of(later.revision())).status())
                .isEqualTo(PresenceStatus.OFFLINE);
    }

    @Test
    void aFailedLoadIsNotCached() {
        backing.setUnavailable(true);
        assertThatThrownBy(() -> cache.get("alice")).isInstanceOf(StoreUnavailableException.class);
        backing.setUnavailable(false);
        backing.put(record("alice", PresenceStatus.ONLINE, 0));
        assertThat(cache.get("alice")).isPresent();
    }

    @Test
    void conditionalWritesGoThroughAndEnterTheCache() {
        PresenceRecord first = cache.put(record("alice", PresenceStatus.ONLINE, 0));
        PresenceRecord second = cache.putIfRevision(record("alice", PresenceStatus.AWAY, 0), first.revision());
        assertThat(cache.get("alice")).contains(second);
        assertThat(metrics.getGauges()).containsKeys("cache.size", "cache.hitRatio");
        assertThat(metrics.getCounters()).containsKeys("cache.hits", "cache.misses", "cache.evictions");
    }

    @Test
    void eachLookupCountsOnceAsAHitOrAMiss() {
        backing.put(record("alice", PresenceStatus.ONLINE, 0));

        cache.get("alice");
        cache.get("ghost");
        cache.get("alice");
        cache.get("ghost");

        assertThat(metrics.getCounters().get("cache.misses").getCount()).isEqualTo(2);
        assertThat(metrics.getCounters().get("cache.hits").getCount()).isEqualTo(2);
        assertThat(backing.reads()).isEqualTo(2);
    }

    @Test
    void aRecordWithFinerTimesIsServedExactlyAsStored() {
        PresenceRecord micros = new PresenceRecord("alice", PresenceStatus.AWAY, "m", T0.plusNanos(1500), T0,
                T0.plusSeconds(60), 60L, "other-writer", 3);
        cache.onPut(micros);
        assertThat(cache.get("alice")).contains(micros);
    }

    @Test
    void theWatchFindsWhatTheCacheHoldsWithoutCountingIt() {
        PresenceRecord stored = cache.put(record("alice", PresenceStatus.BUSY, 0));

        assertThat(cache.cached("alice")).contains(stored);
        assertThat(cache.cached("bob")).isEmpty();
        assertThat(metrics.getCounters().get("cache.hits").getCount()).isEqualTo(0);
        assertThat(metrics.getCounters().get("cache.misses").getCount()).isEqualTo(0);
    }

    @Test
    void upkeepLookupsAreNotCountedAndDoNotFillTheCache() {
        PresenceRecord held = cache.put(record("alice", PresenceStatus.BUSY, 0));
        PresenceRecord notHeld = backing.put(record("bob", PresenceStatus.AWAY, 0));

        assertThat(cache.peek("alice")).contains(held);
        assertThat(cache.peek("bob")).contains(notHeld);
        assertThat(cache.peek("ghost")).isEmpty();
        assertThat(metrics.getCounters().get("cache.hits").getCount()).isEqualTo(0);
        assertThat(metrics.getCounters().get("cache.misses").getCount()).isEqualTo(0);
    }

    @Test
    void sharesItsOwnInstanceOfEachKey() {
        String key = new String("alice");
        cache.onPut(record(key, PresenceStatus.ONLINE, 1));

        assertThat(cache.sharedKey(new String("alice"))).isSameAs(key);
        String unknown = new String("bob");
        assertThat(cache.sharedKey(unknown)).isSameAs(unknown);
    }

    @Test
    void usersPastTheBoundAreReadFromStorageWhileTheCachedOnesStayFresh() {
        MetricRegistry registry = new MetricRegistry();
        CachedPresenceStore small = new CachedPresenceStore(backing, 2, registry);
        small.onPut(record("alice", PresenceStatus.ONLINE, 1));
        small.onPut(record("bob", PresenceStatus.ONLINE, 2));
        small.onPut(backing.put(record("carol", PresenceStatus.BUSY, 0)));

        assertThat(small.get("carol").orElseThrow().status()).isEqualTo(PresenceStatus.BUSY);
        assertThat(small.get("carol")).isPresent();
        assertThat(backing.reads()).as("carol is read from storage each time").isEqualTo(2);
        assertThat(registry.getCounters().get("cache.evictions").getCount()).isEqualTo(3);

        small.onPut(record("alice", PresenceStatus.AWAY, 4));
        assertThat(small.get("alice").orElseThrow().status()).isEqualTo(PresenceStatus.AWAY);
        assertThat(backing.reads()).isEqualTo(2);
        assertThat(registry.getGauges().get("cache.size").getValue()).isEqualTo(2L);
    }

    @Test
    void aDeletedUserLeavesRoomForAnother() {
        CachedPresenceStore small = new CachedPresenceStore(backing, 1, new MetricRegistry());
        small.onPut(record("alice", PresenceStatus.ONLINE, 1));
        small.onDelete("alice", 2);
        small.onPut(record("bob", PresenceStatus.ONLINE, 3));

        assertThat(small.get("alice")).isEmpty();
        assertThat(small.get("bob")).isPresent();
        assertThat(backing.reads()).isZero();
    }

    @Test
    void unknownUsersNeverPushOutTheUsersThatExist() {
        MetricRegistry registry = new MetricRegistry();
        CachedPresenceStore small = new CachedPresenceStore(backing, 10, registry);
        small.onPut(record("alice", PresenceStatus.ONLINE, 1));
        for (int i = 0; i < 50; i++) {
            assertThat(small.get("ghost" + i)).isEmpty();
        }

        assertThat(small.get("alice")).isPresent();
        assertThat(backing.reads()).isEqualTo(50);
        assertThat(registry.getCounters().get("cache.hits").getCount()).isEqualTo(1);
        assertThat(registry.getGauges().get("cache.hitRatio").getValue()).isEqualTo(1.0 / 51);
    }

    @Test
    void concurrentDeliveriesOfOneUserLeaveTheNewestRevision() throws Exception {
        int threads = 4;
        int perThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    long revision = (long) i * threads + offset + 1;
                    if (revision % 7 == 0) {
                        cache.onDelete("alice", revision);
                    } else {
                        cache.onPut(record("alice", PresenceStatus.ONLINE, revision));
                    }
                }
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();

        long newest = (long) perThread * threads;
        assertThat(newest % 7).isNotZero();
        assertThat(cache.get("alice")).get().extracting(PresenceRecord::revision).isEqualTo(newest);
        assertThat(backing.reads()).isZero();
    }
}
