package io.presence.service.store;

import io.presence.api.PresenceStatus;
import io.presence.service.core.PresenceRecord;
import java.time.Instant;

/**
 * A cached record in 40 bytes, its user id included. Two longs carry what a node writes:
 * <ul>
 * <li>{@code lastSeen} as epoch milliseconds (42 bits, until 2109) with the TTL in seconds (21 bits, 24 days)
 *     above it; {@code expiresAt} is not held at all, since a node always writes it as {@code lastSeen} plus the
 *     TTL;</li>
 * <li>the revision (52 bits) with the status and the node's number ({@link NodeIds}) above it.</li>
 * </ul>
 * Then {@code updatedAt} as the milliseconds after {@code lastSeen} (0 after every heartbeat), the message, and
 * the user id. The {@link PresenceRecord} it stands for holds three {@code Instant}s and its own strings (about
 * 250 bytes); docs/performance.md has the heap figures. The user id is the cache key's own instance, so the
 * cache can hand it out ({@link CachedPresenceStore#sharedKey}) and the id is held once however many indexes
 * name the user.
 */
final class CompactPresence implements CachedPresenceStore.Entry {

    private static final PresenceStatus[] STATUSES = PresenceStatus.values();
    private static final int TIME_BITS = 42;
    private static final int TTL_BITS = 21;
    private static final int REVISION_BITS = 52;
    private static final int STATUS_BITS = 2;
    private static final int NODE_BITS = Long.SIZE - 1 - REVISION_BITS - STATUS_BITS;
    private static final long TIME_MASK = (1L << TIME_BITS) - 1;
    private static final long REVISION_MASK = (1L << REVISION_BITS) - 1;
    /** Stands for no TTL (and so no expiry); the TTLs held are below it. */
    private static final int NO_TTL = (1 << TTL_BITS) - 1;
    /** The node numbers a record can hold; records of other nodes are cached as they are. */
    static final int NODES = 1 << NODE_BITS;
    /** Times further than ±2^62 ms (146 million years) are not turned into milliseconds at all. */
    private static final long TIME_RANGE_SECONDS = (1L << 62) / 1000;

    static {
        if (STATUSES.length > 1 << STATUS_BITS) {
            throw new ExceptionInInitializerError("a status needs more than " + STATUS_BITS + " bits");
        }
    }

    private final long seenAndTtl;
    private final long revisionStatusNode;
    private final int updatedAfter;
    private final String message;
    private final String userId;

    private CompactPresence(long seenAndTtl, long revisionStatusNode, int updatedAfter, String message,
                            String userId) {
        this.seenAndTtl = seenAndTtl;
        this.revisionStatusNode = revisionStatusNode;
        this.updatedAfter = updatedAfter;
        this.message = message;
        this.userId = userId;
    }

    /**
     * The compact form, or null when the record does not fit it: times not on a millisecond, a
     * {@code lastSeen} before 1970 or after 2109, an update more than 24 days after the last heartbeat, a
     * TTL of 24 days or more, an expiry other than {@code lastSeen} plus the TTL (all only from something
     * other than a node), a revision of 2^52 or more, a node past the {@link #NODES} numbered; a user with
     * sessions besides the default one or with privacy settings (rare, and not worth a form of their own).
     * Those are cached as they are, so reads never round.
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
        if ((lastSeen & ~TIME_MASK) != 0 || updatedAfter != (int) updatedAfter || !ttlFits
                || (record.revision() & ~REVISION_MASK) != 0) {
            return null;
        }
        int node = nodeIds.numberOf(record.nodeId());
        if (node == NodeIds.NONE || node >= NODES) {
            return null;
        }
        long seenAndTtl = lastSeen | (long) (ttl == null ? NO_TTL : (int) (long) ttl) << TIME_BITS;
        long revisionStatusNode = record.revision() | (long) record.status().ordinal() << REVISION_BITS
                | (long) node << (REVISION_BITS + STATUS_BITS);
        return new CompactPresence(seenAndTtl, revisionStatusNode, (int) updatedAfter, record.message(), userId);
    }

    @Override
    public long revision() {
        return revisionStatusNode & REVISION_MASK;
    }

    /** The user's id, the instance the cache holds. */
    String userId() {
        return userId;
    }

    /** The record this stands for; {@code nodeIds} numbered its node. */
    PresenceRecord record(NodeIds nodeIds) {
        long lastSeen = seenAndTtl & TIME_MASK;
        int ttl = (int) (seenAndTtl >>> TIME_BITS);
        PresenceStatus status = STATUSES[(int) (revisionStatusNode >>> REVISION_BITS) & ((1 << STATUS_BITS) - 1)];
        String nodeId = nodeIds.id((int) (revisionStatusNode >>> (REVISION_BITS + STATUS_BITS)));
        boolean expires = ttl != NO_TTL;
        return new PresenceRecord(userId, status, message, Instant.ofEpochMilli(lastSeen),
                Instant.ofEpochMilli(lastSeen + updatedAfter),
                expires ? Instant.ofEpochMilli(lastSeen + ttl * 1000L) : null,
                expires ? Long.valueOf(ttl) : null, nodeId, revision());
    }

    private static boolean fits(Instant instant) {
        return instant.getNano() % 1_000_000 == 0 && Math.abs(instant.getEpochSecond()) < TIME_RANGE_SECONDS;
    }
}
