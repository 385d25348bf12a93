package io.presence.service.store;

import io.presence.api.PresenceStatus;
import io.presence.service.core.PresenceRecord;
import java.time.Instant;

/**
 * A cached record in 48 bytes, its user id included: {@code lastSeen} as epoch milliseconds, {@code updatedAt}
 * as the milliseconds after it (0 after every heartbeat), {@code expiresAt} not held at all since a node always
 * writes it as {@code lastSeen} plus the TTL, and the TTL, the status and the node's number ({@link NodeIds}) in
 * one int. The {@link PresenceRecord} it stands for holds three {@code Instant}s and its own strings (about 250
 * bytes); docs/performance.md has the heap figures. The user id is the cache key's own instance, so the cache
 * can hand it out ({@link CachedPresenceStore#sharedKey}) and the user's id is held once however many indexes
 * name the user.
 */
final class CompactPresence implements CachedPresenceStore.Entry {

    private static final PresenceStatus[] STATUSES = PresenceStatus.values();
    /** The packed int: the TTL in its low 21 bits (24 days), the status in the next 2, the node's number above. */
    private static final int TTL_BITS = 21;
    private static final int STATUS_BITS = 2;
    private static final int NODE_BITS = Integer.SIZE - TTL_BITS - STATUS_BITS;
    /** Stands for no TTL (and so no expiry); the TTLs held are below it. */
    private static final int NO_TTL = (1 << TTL_BITS) - 1;
    /** The node numbers a record can hold; records of other nodes are cached as they are. */
    static final int NODES = 1 << NODE_BITS;
    /** Times are held within ±2^62 ms (146 million years), so no difference of two overflows. */
    private static final long TIME_RANGE_SECONDS = (1L << 62) / 1000;

    static {
        if (STATUSES.length > 1 << STATUS_BITS) {
            throw new ExceptionInInitializerError("a status needs more than " + STATUS_BITS + " bits");
        }
    }

    private final long lastSeen;
    private final long revision;
    private final int updatedAfter;
    private final int ttlStatusNode;
    private final String message;
    private final String userId;

    private CompactPresence(PresenceRecord record, String userId, long lastSeen, int updatedAfter, int ttlStatusNode) {
        this.lastSeen = lastSeen;
        this.revision = record.revision();
        this.updatedAfter = updatedAfter;
        this.ttlStatusNode = ttlStatusNode;
        this.message = record.message();
        this.userId = userId;
    }

    /**
     * The compact form, or null when the record does not fit it: times not on a millisecond, an update
     * more than 24 days after the last heartbeat, a TTL of 24 days or more, an expiry other than
     * {@code lastSeen} plus the TTL (all only from something other than a node), a node past the
     * {@link #NODES} numbered; a user with sessions besides the default one or with privacy settings (rare,
     * and not worth a form of their own). Those are cached as they are, so reads never round.
     *
     * @param userId  the instance of the user's id to hold (the cache key's)
     * @param nodeIds the numbered node ids
     */
    static CompactPresence of(PresenceRecord record, String userId, NodeIds nodeIds) {
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
                : ttl >= 0 && ttl < NO_TTL && record.expiresAt() != null
                        && record.expiresAt().equals(Instant.ofEpochMilli(lastSeen + ttl * 1000));
        if (updatedAfter != (int) updatedAfter || !ttlFits) {
            return null;
        }
        int node = nodeIds.numberOf(record.nodeId());
        if (node == NodeIds.NONE || node >= NODES) {
            return null;
        }
        int packed = (ttl == null ? NO_TTL : (int) (long) ttl) | record.status().ordinal() << TTL_BITS
                | node << (TTL_BITS + STATUS_BITS);
        return new CompactPresence(record, userId, lastSeen, (int) updatedAfter, packed);
    }

    @Override
    public long revision() {
        return revision;
    }

    /** The user's id, the instance the cache holds. */
    String userId() {
        return userId;
    }

    /** The record this stands for; {@code nodeIds} numbered its node. */
    PresenceRecord record(NodeIds nodeIds) {
        int ttl = ttlStatusNode & NO_TTL;
        PresenceStatus status = STATUSES[(ttlStatusNode >>> TTL_BITS) & ((1 << STATUS_BITS) - 1)];
        String nodeId = nodeIds.id(ttlStatusNode >>> (TTL_BITS + STATUS_BITS));
        boolean expires = ttl != NO_TTL;
        return new PresenceRecord(userId, status, message, Instant.ofEpochMilli(lastSeen),
                Instant.ofEpochMilli(lastSeen + updatedAfter),
                expires ? Instant.ofEpochMilli(lastSeen + ttl * 1000L) : null,
                expires ? Long.valueOf(ttl) : null, nodeId, revision);
    }

    private static boolean fits(Instant instant) {
        return instant.getNano() % 1_000_000 == 0 && Math.abs(instant.getEpochSecond()) < TIME_RANGE_SECONDS;
    }
}
