package io.presence.service.store;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import io.presence.service.core.PresenceChangeListener;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PresenceScan;
import io.presence.service.core.PresenceStore;
import io.presence.service.metrics.CountOf;
import java.util.Optional;
import java.util.function.Function;

/**
 * Cache-first reads over the node's KV store. The watch keeps entries fresh (so other nodes' writes
 * appear without polling), the node's own acknowledged writes enter at once (read-your-writes), and
 * unknown users are cached as absent until the watch sees them written. An entry is only ever replaced
 * by a newer revision, whichever path delivers it first.
 */
public final class CachedPresenceStore implements PresenceStore, PresenceChangeListener {

    /** The largest number of distinct node ids whose strings cached records share. */
    private static final int SHARED_NODE_IDS = 1024;

    /** What the cache knows about one user; usually a {@link CompactPresence}. */
    sealed interface Entry permits CompactPresence, Full, Absent {
        long revision();

        /** The record, or null when the user is known to have none. */
        PresenceRecord record(String userId);
    }

    /** A record the compact form cannot hold exactly, kept as it is. */
    private record Full(PresenceRecord presence) implements Entry {
        @Override
        public long revision() {
            return presence.revision();
        }

        @Override
        public PresenceRecord record(String userId) {
            return presence;
        }
    }

    /** Known to have no record as of {@code revision} (0: a read found nothing). */
    private record Absent(long revision) implements Entry {
        @Override
        public PresenceRecord record(String userId) {
            return null;
        }
    }

    /** Gauge: entries held (users, known-absent ones included). */
    public static final String SIZE_METRIC = "cache.size";
    /** Gauge: hits over lookups since start. */
    public static final String HIT_RATIO_METRIC = "cache.hitRatio";
    /** Counters: lookups answered from the cache, lookups that read the KV store, entries evicted for size. */
    public static final String HITS_METRIC = "cache.hits";
    public static final String MISSES_METRIC = "cache.misses";
    public static final String EVICTIONS_METRIC = "cache.evictions";

    private final PresenceStore backing;
    private final Cache<String, Entry> cache;
    /** Loads what the cache lacks; one instance, so a hit allocates no lambda. */
    private final Function<String, Entry> load;
    private final NodeIds nodeIds = new NodeIds(SHARED_NODE_IDS);

    public CachedPresenceStore(PresenceStore backing, long maximumSize, MetricRegistry metrics) {
        this.backing = backing;
        this.load = id -> backing.get(id).map(this::entry).orElse(new Absent(0));
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).recordStats().build();
        metrics.register(SIZE_METRIC, (Gauge<Long>) cache::estimatedSize);
        metrics.register(HIT_RATIO_METRIC, (Gauge<Double>) () -> cache.stats().hitRate());
        metrics.register(HITS_METRIC, new CountOf(() -> cache.stats().hitCount()));
        metrics.register(MISSES_METRIC, new CountOf(() -> cache.stats().missCount()));
        metrics.register(EVICTIONS_METRIC, new CountOf(() -> cache.stats().evictionCount()));
    }

    @Override
    public Optional<PresenceRecord> get(String userId) {
        Entry entry = cache.get(userId, load);
        return Optional.ofNullable(entry.record(userId));
    }

    /**
     * The record when the cache holds the user at exactly {@code revision}; not counted as a hit or a
     * miss, and not a use of the entry: the watch asks this about every change it delivers.
     */
    public Optional<PresenceRecord> recordAt(String userId, long revision) {
        Entry entry = cache.policy().getIfPresentQuietly(userId);
        return entry != null && entry.revision() == revision ? Optional.ofNullable(entry.record(userId))
                : Optional.empty();
    }

    @Override
    public Optional<PresenceRecord> peek(String userId) {
        Entry entry = cache.policy().getIfPresentQuietly(userId);
        return entry != null ? Optional.ofNullable(entry.record(userId)) : backing.get(userId);
    }

    @Override
    public Optional<PresenceRecord> latest(String userId) {
        Optional<PresenceRecord> stored = backing.get(userId);
        stored.ifPresent(this::offer);
        return stored;
    }

    /**
     * The cache's own instance of {@code userId} when it holds the user, else {@code userId}: an index
     * of users that keeps this instance holds no copy of the string.
     */
    public String sharedKey(String userId) {
        Policy.CacheEntry<String, Entry> entry = cache.policy().getEntryIfPresentQuietly(userId);
        return entry != null ? entry.getKey() : userId;
    }

    @Override
    public PresenceRecord put(PresenceRecord record) {
        return offer(backing.put(record));
    }

    @Override
    public PresenceRecord putIfRevision(PresenceRecord record, long expectedRevision) {
        return offer(backing.putIfRevision(record, expectedRevision));
    }

    @Override
    public long latestRevision() {
        return backing.latestRevision();
    }

    /** Storage's records, not the cache's: a cache bounded by size may hold only some. */
    @Override
    public PresenceScan scan() {
        return backing.scan();
    }

    @Override
    public void onPut(PresenceRecord record) {
        offer(record);
    }

    @Override
    public void onDelete(String userId, long revision) {
        keepNewer(userId, new Absent(revision));
    }

    private PresenceRecord offer(PresenceRecord stored) {
        keepNewer(stored.userId(), entry(stored));
        return stored;
    }

    private Entry entry(PresenceRecord record) {
        CompactPresence compact = CompactPresence.of(record, nodeIds);
        return compact != null ? compact : new Full(record);
    }

    private void keepNewer(String userId, Entry incoming) {
        cache.asMap().merge(userId, incoming,
                (old, fresh) -> old.revision() > fresh.revision() ? old : fresh);
    }
}
