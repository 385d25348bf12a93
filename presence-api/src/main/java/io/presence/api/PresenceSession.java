package io.presence.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/**
 * One live device session of a user ({@code GET /api/v2/presence/{userId}/sessions}).
 *
 * @param sessionId  the session's id ({@value PresenceLimits#DEFAULT_SESSION_ID} for writes to the user's own path)
 * @param status     the session's status (never offline: an offline or lapsed session is no longer live)
 * @param message    the session's message, absent when none was set
 * @param lastSeen   the session's last write
 * @param updatedAt  when the session was last written
 * @param changedAt  when the session's status or message last changed (a heartbeat, a write of both as they were,
 *                   keeps it): of the user's sessions with the same status, the one changed last decides. Absent
 *                   from exports made before it existed; an import then takes {@code updatedAt}
 * @param expiresAt  when the session lapses unless written again
 * @param ttlSeconds the lifetime the session's last write asked for
 * @param nodeId     the node that took the session's last write
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PresenceSession(
        @NotNull String sessionId,
        @NotNull PresenceStatus status,
        String message,
        @NotNull Instant lastSeen,
        @NotNull Instant updatedAt,
        Instant changedAt,
        @NotNull Instant expiresAt,
        @NotNull Long ttlSeconds,
        @NotNull String nodeId) {

    /** A session as served before {@code changedAt} existed. */
    public PresenceSession(String sessionId, PresenceStatus status, String message, Instant lastSeen, Instant updatedAt,
                           Instant expiresAt, Long ttlSeconds, String nodeId) {
        this(sessionId, status, message, lastSeen, updatedAt, null, expiresAt, ttlSeconds, nodeId);
    }
}
