package io.presence.service.store;

import io.presence.api.PresenceStatus;
import io.presence.service.core.PresenceRecord;
import java.time.Instant;

/**
 * A cached record in about 64 bytes: times as epoch milliseconds, the status as its ordinal, and the
 * node id shared between all records naming the same node. The {@link PresenceRecord} it stands for
 * holds three {@code Instant}s and its own strings (about 250 bytes): 100k cached users took the heap
 * from 78 to 56 MB (docs/performance.md). The user id is the cache key, so it is not repeated.
 */
final class CompactPresence implements CachedPresenceStore.Entry {

    private static final PresenceStatus[] STATUSES = PresenceStatus.values();
    /** Stands for null in the nullable long fields (no instant or TTL is ever this value). */
    private static final long NONE = Long.MIN_VALUE;

    private final long lastSeen;
    private final long updatedAt;
    private final long expiresAt;
    private final long ttlSeconds;
    private final long revision;
    private final String message;
    private final String nodeId;
    private final byte status;

    private CompactPresence(PresenceRecord record, String nodeId) {
        this.lastSeen = record.lastSeen().toEpochMilli();
        this.updatedAt = record.updatedAt().toEpochMilli();
        this.expiresAt = record.expiresAt() == null ? NONE : record.expiresAt().toEpochMilli();
        this.ttlSeconds = record.ttlSeconds() == null ? NONE : record.ttlSeconds();
        this.revision = record.revision();
        this.message = record.message();
        this.nodeId = nodeId;
        this.status = (byte) record.status().ordinal();
    }

    /**
     * The compact form, or null when the record does not fit it: sub-millisecond or out-of-range times
     * (written by something other than a node, which truncates to milliseconds). Those are cached as
     * they are, so reads never round.
     *
     * @param nodeIds the shared node id strings
     */
    static CompactPresence of(PresenceRecord record, NodeIds nodeIds) {
        if (!isMillisecondPrecise(record.lastSeen()) || !isMillisecondPrecise(record.updatedAt())
                || (record.expiresAt() != null && !isMillisecondPrecise(record.expiresAt()))
                || (record.ttlSeconds() != null && record.ttlSeconds() == NONE)) {
            return null;
        }
        return new CompactPresence(record, nodeIds.shared(record.nodeId()));
    }

    @Override
    public long revision() {
        return revision;
    }

    @Override
    public PresenceRecord record(String userId) {
        return new PresenceRecord(userId, STATUSES[status], message, Instant.ofEpochMilli(lastSeen),
                Instant.ofEpochMilli(updatedAt), expiresAt == NONE ? null : Instant.ofEpochMilli(expiresAt),
                ttlSeconds == NONE ? null : ttlSeconds, nodeId, revision);
    }

    private static boolean isMillisecondPrecise(Instant instant) {
        return instant.getNano() % 1_000_000 == 0
                && instant.getEpochSecond() > Long.MIN_VALUE / 1000 + 1
                && instant.getEpochSecond() < Long.MAX_VALUE / 1000 - 1;
    }
}
