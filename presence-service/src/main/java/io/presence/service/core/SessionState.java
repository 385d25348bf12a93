package io.presence.service.core;

import io.presence.api.PresenceStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * One live device session of a user, as stored inside the user's record: never offline (a session that
 * goes offline is removed) and always with an expiry.
 *
 * @param updatedAt when the session was last written (a heartbeat included)
 * @param changedAt when the session's status or message last changed (its first write, or a write that changed
 *                  either): what breaks ties between sessions of the same status, which heartbeats must not move
 */
public record SessionState(
        String sessionId,
        PresenceStatus status,
        String message,
        Instant lastSeen,
        Instant updatedAt,
        Instant changedAt,
        Instant expiresAt,
        long ttlSeconds,
        String nodeId) {

    /** Whether {@code status} and {@code message} are this session's own: a write of them is a heartbeat. */
    public boolean says(PresenceStatus otherStatus, String otherMessage) {
        return status == otherStatus && Objects.equals(message, otherMessage);
    }

    /** Whether the session is still live at {@code now}: its expiry lies ahead. */
    public boolean isLiveAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
