package io.presence.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;

/**
 * A user's presence as served by the API.
 *
 * @param userId    the user's id
 * @param status    the effective status: {@code offline} once {@code expiresAt} has passed
 * @param message   optional free-text status message, absent when none was set
 * @param lastSeen  the last moment the user was known present
 * @param updatedAt when this record was last written
 * @param expiresAt when a non-offline status lapses (or lapsed) to offline; absent after an explicit offline
 * @param ttlSeconds the lifetime the last heartbeat asked for; absent after an explicit offline
 * @param nodeId    the node that wrote this record
 * @param revision  the storage revision, also served as the ETag
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Presence(
        @NotNull @Pattern(regexp = PresenceLimits.USER_ID_REGEX) String userId,
        @NotNull PresenceStatus status,
        @MaxCodePoints(PresenceLimits.MAX_MESSAGE_LENGTH) String message,
        @NotNull Instant lastSeen,
        @NotNull Instant updatedAt,
        Instant expiresAt,
        @Min(PresenceLimits.MIN_TTL_SECONDS) @Max(PresenceLimits.MAX_TTL_SECONDS) Long ttlSeconds,
        @NotNull String nodeId,
        @Min(1) long revision) {
}
