package io.presence.service.core;

import io.presence.api.PresenceStatus;
import java.time.Instant;

/**
 * A stored presence and its storage revision (0 until stored).
 *
 * @param expiresAt when a non-offline status lapses; null for an explicit offline
 * @param ttlSeconds the lifetime the last heartbeat asked for; null for an explicit offline
 */
public record PresenceRecord(
        String userId,
        PresenceStatus status,
        String message,
        Instant lastSeen,
        Instant updatedAt,
        Instant expiresAt,
        Long ttlSeconds,
        String nodeId,
        long revision) {

    /** Whether the status has lapsed: non-offline and past {@code expiresAt}. */
    public boolean isExpiredAt(Instant now) {
        return status != PresenceStatus.OFFLINE && expiresAt != null && !now.isBefore(expiresAt);
    }

    /**
     * Whether this is a lapsed status read as offline before the offline transition was written: the
     * written transition is stamped at or after {@code expiresAt}, the last heartbeat before it.
     */
    public boolean isLapsedUnwritten() {
        return status == PresenceStatus.OFFLINE && expiresAt != null && updatedAt.isBefore(expiresAt);
    }

    /** The same record with status offline, as the reader or the reaper sees a lapsed one. */
    public PresenceRecord asOffline() {
        return new PresenceRecord(userId, PresenceStatus.OFFLINE, message, lastSeen, updatedAt, expiresAt,
                ttlSeconds, nodeId, revision);
    }

    /** The same content at another revision. */
    public PresenceRecord withRevision(long newRevision) {
        return new PresenceRecord(userId, status, message, lastSeen, updatedAt, expiresAt, ttlSeconds, nodeId,
                newRevision);
    }
}
