package io.presence.service.core;

import io.presence.api.PresenceStatus;
import java.time.Instant;

/**
 * One live device session of a user, as stored inside the user's record: never offline (a session that
 * goes offline is removed) and always with an expiry.
 */
public record SessionState(
        String sessionId,
        PresenceStatus status,
        String message,
        Instant lastSeen,
        Instant updatedAt,
        Instant expiresAt,
        long ttlSeconds,
        String nodeId) {

    /** Whether the session is still live at {@code now}: its expiry lies ahead. */
    public boolean isLiveAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
