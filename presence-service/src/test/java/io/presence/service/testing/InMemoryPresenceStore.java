package io.presence.service.testing;

import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PresenceScan;
import io.presence.service.core.PresenceStore;
import io.presence.service.core.StoreConflictException;
import io.presence.service.core.StoreUnavailableException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A fake store for unit tests: revisions like KV's, and a switch to make it unreachable. */
public final class InMemoryPresenceStore implements PresenceStore {

    private final Map<String, PresenceRecord> records = new ConcurrentHashMap<>();
    private final AtomicLong revision = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger scansClosed = new AtomicInteger();
    private volatile boolean unavailable;

    @Override
    public Optional<PresenceRecord> get(String userId) {
        checkAvailable();
        reads.incrementAndGet();
        return Optional.ofNullable(records.get(userId));
    }

    @Override
    public synchronized PresenceRecord put(PresenceRecord record) {
        checkAvailable();
        PresenceRecord stored = record.withRevision(revision.incrementAndGet());
        records.put(record.userId(), stored);
        return stored;
    }

    @Override
    public synchronized PresenceRecord putIfRevision(PresenceRecord record, long expectedRevision) {
        checkAvailable();
        PresenceRecord current = records.get(record.userId());
        long currentRevision = current == null ? 0 : current.revision();
        if (currentRevision != expectedRevision) {
            throw new StoreConflictException(record.userId(), expectedRevision, null);
        }
        return put(record);
    }

    @Override
    public long latestRevision() {
        checkAvailable();
        return revision.get();
    }

    /** The records in user id order, each handed over when asked for; fails like storage once made unavailable. */
    @Override
    public PresenceScan scan() {
        checkAvailable();
        Iterator<PresenceRecord> all = new TreeMap<>(records).values().iterator();
        return new PresenceScan() {
            @Override
            public Optional<PresenceRecord> next() {
                checkAvailable();
                return all.hasNext() ? Optional.of(all.next()) : Optional.empty();
            }

            @Override
            public void close() {
                scansClosed.incrementAndGet();
            }
        };
    }

    /** How many scans were closed. */
    public int scansClosed() {
        return scansClosed.get();
    }

    public void setUnavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    public int reads() {
        return reads.get();
    }

    private void checkAvailable() {
        if (unavailable) {
            throw new StoreUnavailableException("fake store is down", Duration.ofSeconds(1), null);
        }
    }
}
