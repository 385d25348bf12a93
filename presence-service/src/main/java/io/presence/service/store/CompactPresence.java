package io.presence.service.store;

import io.presence.api.PresenceStatus;
import io.presence.service.core.PresenceRecord;
import java.time.Instant;

/**
 * A cached record in 48 bytes: {@code lastSeen} as epoch milliseconds, {@code updatedAt} as the
 * milliseconds after it (0 after every heartbeat), the TTL as an int, {@code expiresAt} not held at
 * all since a node always writes it as {@code lastSeen} plus the TTL, the status as its ordinal, and
 * the node id shared between all records naming the same node. The {@link PresenceRecord} it stands
 * for holds three {@code Instant}s and its own strings (about 250 bytes); docs/performance.md has the
 * heap figures. The user id is the cache key, so it is not repeated.
 */
final class CompactPresence implements CachedPresenceStore.Entry {

    private static final PresenceStatus[] STATUSES = PresenceStatus.values();
    /** Stands for no TTL (and so no expiry); never a TTL this form holds. */
    private static final int NO_TTL = Integer.MIN_VALUE;
    /** Times are held within ±2^62 ms (146 million years), so no difference of two overflows. */
    private static final long TIME_RANGE_SECONDS = (1L << 62) / 1000;

    private final long lastSeen;
    private final long revision;
    private final int updatedAfter;
    private final int ttlSeconds;
    private final String message;
    private final String nodeId;
    private final byte status;

    private CompactPresence(PresenceRecord record, long lastSeen, int updatedAfter, int ttlSeconds, String nodeId) {
        this.lastSeen = lastSeen;
        this.revision = record.revision();
        this.updatedAfter = updatedAfter;
        this.ttlSeconds = ttlSeconds;
        this.message = record.message();
        this.nodeId = nodeId;
        this.status = (byte) record.status().ordinal();
    }

    /**
     * The compact form, or null when the record does not fit it: times not on a millisecond, an update
     * more than 24 days after the last heartbeat, a TTL beyond an int, or an expiry other than
     * {@code lastSeen} plus the TTL (all only from something other than a node); a user with sessions besides
     * the default one or with privacy settings (rare, and not worth a form of their own). Those are cached as
     * they are, so reads never round.
     *
     * @param nodeIds the shared node id strings
     */
    static CompactPresence of(PresenceRecord record, NodeIds nodeIds) {
        if (!record.sessions().isEmpty() || record.invisible() || record.hideLastSeen()) {
            return null;
        }
        if (!fits(record.lastSeen()) || !fits(record.updatedAt())) {
            return null;
        }
        long lastSeen = record.lastSeen().toEpochMilli();
        long updatedAfter = record.updatedAt().toEpochMilli() - lastSeen;
        Long ttl = record.ttlSeconds();
        boolean ttlFits = ttl == null ? record.expiresAt() == null
                : ttl == (int) (long) ttl && ttl != NO_TTL && record.expiresAt() != null
                        && record.expiresAt().equals(Instant.ofEpochMilli(lastSeen + ttl * 1000));
        if (updatedAfter != (int) updatedAfter || !ttlFits) {
            return null;
        }
        return new CompactPresence(record, lastSeen, (int) updatedAfter, ttl == null ? NO_TTL : (int) (long) ttl,
                nodeIds.shared(record.nodeId()));
    }

    @Override
    public long revision() {
        return revision;
    }

    @Override
    public PresenceRecord record(String userId) {
        boolean expires = ttlSeconds != NO_TTL;
        return new PresenceRecord(userId, STATUSES[status], message, Instant.ofEpochMilli(lastSeen),
                Instant.ofEpochMilli(lastSeen + updatedAfter),
                expires ? Instant.ofEpochMilli(lastSeen + ttlSeconds * 1000L) : null,
                expires ? Long.valueOf(ttlSeconds) : null, nodeId, revision);
    }

    private static boolean fits(Instant instant) {
        return instant.getNano() % 1_000_000 == 0 && Math.abs(instant.getEpochSecond()) < TIME_RANGE_SECONDS;
    }
}
