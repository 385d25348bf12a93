package io.presence.service.store;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.presence.service.core.PresenceChangeListener;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PresenceStore;
import java.util.Optional;

/**
 * Cache-first reads over the node's KV store. The watch keeps entries fresh (so other nodes' writes
 * appear without polling), the node's own acknowledged writes enter at once (read-your-writes), and
 * unknown users are cached as absent until the watch sees them written. An entry is only ever replaced
 * by a newer revision, whichever path delivers it first.
 */
public final class CachedPresenceStore implements PresenceStore, PresenceChangeListener {

    /** What the cache knows about one user. */
    private sealed interface Entry permits Present, Absent {
        long revision();
    }

    private record Present(PresenceRecord record) implements Entry {
        @Override
        public long revision() {
            return record.revision();
        }
    }

    /** Known to have no record as of {@code revision} (0: a read found nothing). */
    private record Absent(long revision) implements Entry {
    }

    private final PresenceStore backing;
    private final Cache<String, Entry> cache;

    public CachedPresenceStore(PresenceStore backing, long maximumSize, MetricRegistry metrics) {
        this.backing = backing;
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).recordStats().build();
        metrics.register(MetricRegistry.name("cache", "size"), (Gauge<Long>) cache::estimatedSize);
        metrics.register(MetricRegistry.name("cache", "hitRatio"), (Gauge<Double>) () -> cache.stats().hitRate());
        metrics.register(MetricRegistry.name("cache", "hits"), (Gauge<Long>) () -> cache.stats().hitCount());
        metrics.register(MetricRegistry.name("cache", "misses"), (Gauge<Long>) () -> cache.stats().missCount());
        metrics.register(MetricRegistry.name("cache", "evictions"),
                (Gauge<Long>) () -> cache.stats().evictionCount());
    }

    @Override
    public Optional<PresenceRecord> get(String userId) {
        Entry entry = cache.get(userId, id -> backing.get(id).<Entry>map(Present::new).orElse(new Absent(0)));
        return entry instanceof Present present ? Optional.of(present.record()) : Optional.empty();
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
    public void onPut(PresenceRecord record) {
        offer(record);
    }

    @Override
    public void onDelete(String userId, long revision) {
        keepNewer(userId, new Absent(revision));
    }

    private PresenceRecord offer(PresenceRecord stored) {
        keepNewer(stored.userId(), new Present(stored));
        return stored;
    }

    private void keepNewer(String userId, Entry incoming) {
        cache.asMap().merge(userId, incoming,
                (old, fresh) -> old.revision() > fresh.revision() ? old : fresh);
    }
}
