package io.presence.service.store;

import com.codahale.metrics.MetricRegistry;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.presence.service.core.PresenceChangeListener;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PresenceScan;
import io.presence.service.core.PresenceStore;
import io.presence.service.metrics.CountOf;
import io.presence.service.metrics.ValueOf;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cache-first reads over the node's KV store. The watch keeps entries fresh (so other nodes' writes
 * appear without polling), the node's own acknowledged writes enter at once (read-your-writes), and
 * unknown users are cached as absent until the watch sees them written. An entry is only ever replaced
 * by a newer revision, whichever path delivers it first.
 *
 * <p>Two Caffeine caches. Users with a record are held in an unbounded one, admitted while it holds fewer than
 * {@code maximumSize}: the watch delivers every user in the bucket, so while the bucket fits the bound every
 * user is cached, and past it the users not admitted are read from the KV store (a local read, a fraction of
 * a millisecond). A size-bounded cache would cost 34 more bytes per user for its eviction order and 8 MB for its
 * frequency sketch at a million users, about a fifth of the heap those users need (docs/performance.md).
 * Unknown and deleted users, which any reader can name by the million, go to a small size-bounded cache of
 * their own, so they can never push out the users that exist.
 */
public final class CachedPresenceStore implements PresenceStore, PresenceChangeListener {

    /** Known-absent users held: a tenth of the bound on users, at most this many. */
    private static final long MAX_ABSENT = 100_000;

    /** What the cache knows about one user; usually a {@link CompactPresence}. */
    sealed interface Entry permits CompactPresence, Full, Absent {
        long revision();
    }

    /** A record the compact form cannot hold exactly, kept as it is. */
    private record Full(PresenceRecord presence) implements Entry {
        @Override
        public long revision() {
            return presence.revision();
        }
    }

    /** Known to have no record as of {@code revision} (0: a read found nothing). */
    private record Absent(long revision) implements Entry {
    }

    /** Gauge: entries held (users, known-absent ones included). */
    public static final String SIZE_METRIC = "cache.size";
    /** Gauge: hits over lookups since start. */
    public static final String HIT_RATIO_METRIC = "cache.hitRatio";
    /**
     * Counters: lookups answered from the cache, lookups that read the KV store, and entries not held for size
     * (known-absent users evicted, users not admitted because the cache holds {@code maximumSize}).
     */
    public static final String HITS_METRIC = "cache.hits";
    public static final String MISSES_METRIC = "cache.misses";
    public static final String EVICTIONS_METRIC = "cache.evictions";

    private final PresenceStore backing;
    private final long maximumSize;
    private final Cache<String, Entry> records;
    private final Cache<String, Absent> absent;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final NodeIds nodeIds = new NodeIds(CompactPresence.NODES);

    public CachedPresenceStore(PresenceStore backing, long maximumSize, MetricRegistry metrics) {
        this.backing = backing;
        this.maximumSize = maximumSize;
        this.records = Caffeine.newBuilder().build();
        this.absent = Caffeine.newBuilder().maximumSize(Math.max(1, Math.min(maximumSize / 10, MAX_ABSENT)))
                .recordStats().build();
        metrics.register(SIZE_METRIC, new ValueOf<>(() -> records.estimatedSize() + absent.estimatedSize()));
        metrics.register(HIT_RATIO_METRIC, new ValueOf<>(this::hitRatio));
        metrics.register(HITS_METRIC, new CountOf(hits::sum));
        metrics.register(MISSES_METRIC, new CountOf(misses::sum));
        metrics.register(EVICTIONS_METRIC, new CountOf(() -> absent.stats().evictionCount() + refused.sum()));
    }

    @Override
    public Optional<PresenceRecord> get(String userId) {
        Entry entry = held(userId);
        if (entry != null) {
            hits.increment();
            return Optional.ofNullable(recordOf(entry));
        }
        misses.increment();
        Optional<PresenceRecord> stored = backing.get(userId);
        keepNewer(userId, stored.map(PresenceRecord::revision).orElse(0L), stored.orElse(null));
        return stored;
    }

    /**
     * Storage's latest record (on a leaf, its hub's), read past the cache and offered to it: for a write that must
     * not act on a cache the watch has not brought up to date yet (an If-Match naming a revision written through
     * another node a moment ago).
     */
    @Override
    public Optional<PresenceRecord> latest(String userId) {
        Optional<PresenceRecord> stored = backing.latest(userId);
        stored.ifPresent(this::offer);
        return stored;
    }

    /**
     * The record the cache holds of the user, if it holds one; storage is not asked, and it counts as neither a hit
     * nor a miss: the watch asks this about every change it delivers.
     */
    public Optional<PresenceRecord> cached(String userId) {
        Entry entry = records.getIfPresent(userId);
        return entry != null ? Optional.ofNullable(recordOf(entry)) : Optional.empty();
    }

    @Override
    public Optional<PresenceRecord> peek(String userId) {
        Entry entry = held(userId);
        return entry != null ? Optional.ofNullable(recordOf(entry)) : backing.get(userId);
    }

    /**
     * The cache's own instance of {@code userId} when it holds the user, else {@code userId}: an index
     * of users that keeps this instance holds no copy of the string.
     */
    public String sharedKey(String userId) {
        Entry entry = records.getIfPresent(userId);
        if (entry instanceof CompactPresence compact) {
            return compact.userId();
        }
        return entry instanceof Full full ? full.presence().userId() : userId;
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
        keepNewer(userId, revision, null);
    }

    private PresenceRecord offer(PresenceRecord stored) {
        keepNewer(stored.userId(), stored.revision(), stored);
        return stored;
    }

    /** The record an entry stands for, or null for a user known to have none. */
    private PresenceRecord recordOf(Entry entry) {
        if (entry instanceof CompactPresence compact) {
            return compact.record(nodeIds);
        }
        return entry instanceof Full full ? full.presence() : null;
    }

    /** What the cache holds of the user, without counting a use. */
    private Entry held(String userId) {
        Entry entry = records.getIfPresent(userId);
        return entry != null ? entry : absent.policy().getIfPresentQuietly(userId);
    }

    private double hitRatio() {
        long found = hits.sum();
        long lookups = found + misses.sum();
        return lookups == 0 ? 1.0 : (double) found / lookups;
    }

    /**
     * Holds {@code record} (null: the user has none) as of {@code revision}, unless the cache holds a newer
     * revision of the user. Every change of a user's entries, in either cache, is made inside the compute of its
     * key in {@code records}, so two deliveries of the same user never interleave. A record replacing another
     * holds the id instance of the one it replaces, the map's key.
     */
    private void keepNewer(String userId, long revision, PresenceRecord record) {
        records.asMap().compute(userId, (id, old) -> {
            Absent gone = old == null ? absent.policy().getIfPresentQuietly(id) : null;
            Entry known = old != null ? old : gone;
            if (known != null && known.revision() > revision) {
                return old;
            }
            if (record == null) {
                absent.put(id, new Absent(revision));
                return null;
            }
            if (old == null && records.estimatedSize() >= maximumSize) {
                refused.increment();
                return null;
            }
            if (gone != null) {
                absent.invalidate(id);
            }
            CompactPresence compact = CompactPresence.of(record, old instanceof CompactPresence held ? held.userId()
                    : id, nodeIds);
            return compact != null ? compact : new Full(record);
        });
    }
}
