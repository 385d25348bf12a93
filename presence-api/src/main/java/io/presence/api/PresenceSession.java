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
        @NotNull Instant expiresAt,
        @NotNull Long ttlSeconds,
        @NotNull String nodeId) {
}
