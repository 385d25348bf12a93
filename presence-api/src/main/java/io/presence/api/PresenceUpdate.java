package io.presence.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The body of {@code PUT /api/v2/presence/{userId}}: a status change or a heartbeat.
 *
 * @param status     the new status
 * @param message    optional status message, at most {@value PresenceLimits#MAX_MESSAGE_LENGTH} characters (code points)
 *                   without control characters
 * @param ttlSeconds optional lifetime of a non-offline status; the server's default when absent, and
 *                   it must lie within the server's configured minimum and maximum, which lie within
 *                   {@value PresenceLimits#MIN_TTL_SECONDS} to {@value PresenceLimits#MAX_TTL_SECONDS}
 * @param visibility    optional: the user's visibility from now on (kept when absent; {@code visible} at first)
 * @param shareLastSeen optional: whether others see the user's {@code lastSeen} from now on (kept when absent;
 *                      {@code true} at first)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PresenceUpdate(
        @NotNull PresenceStatus status,
        @MaxCodePoints(PresenceLimits.MAX_MESSAGE_LENGTH)
        @Pattern(regexp = PresenceLimits.MESSAGE_REGEX, message = "must not contain control characters or unpaired surrogates")
        String message,
        @Min(value = PresenceLimits.MIN_TTL_SECONDS, message = TTL_RULE)
        @Max(value = PresenceLimits.MAX_TTL_SECONDS, message = TTL_RULE) Long ttlSeconds,
        Visibility visibility,
        Boolean shareLastSeen) {

    /**
     * What the contract allows of {@code ttlSeconds}, said so that a server's narrower bounds (its refusal names
     * them) do not read as a contradiction.
     */
    public static final String TTL_RULE = "must be between " + PresenceLimits.MIN_TTL_SECONDS + " and "
            + PresenceLimits.MAX_TTL_SECONDS + " seconds (this server's own bounds may be narrower)";

    /** An update that leaves the user's privacy settings as they are. */
    public PresenceUpdate(PresenceStatus status, String message, Long ttlSeconds) {
        this(status, message, ttlSeconds, null, null);
    }

    /** An update with only a status. */
    public static PresenceUpdate of(PresenceStatus status) {
        return new PresenceUpdate(status, null, null);
    }
}
