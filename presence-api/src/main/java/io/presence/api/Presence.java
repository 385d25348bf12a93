package io.presence.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A user's presence as served by the API.
 *
 * <p>The presence is the aggregate of the user's live sessions (docs/sessions.md): the status of the session
 * with the highest precedence ({@code busy > online > away > offline}; among equals the most recently
 * written), with that session's message, {@code updatedAt} and {@code ttlSeconds}.
 *
 * @param userId    the user's id
 * @param status    the effective status: {@code offline} once every session has lapsed
 * @param message   optional free-text status message, absent when none was set
 * @param lastSeen  the last moment the user was known present (latest over all sessions); absent when the
 *                  user does not share it ({@code shareLastSeen: false}) and the reader is someone else
 * @param updatedAt when this record was last written; only to the day for someone else reading a user who does
 *                  not share {@code lastSeen}
 * @param expiresAt when the last live session lapses (or lapsed) to offline; absent after an explicit offline,
 *                  and for someone else reading a user who does not share {@code lastSeen}
 * @param ttlSeconds the lifetime the last heartbeat asked for; absent when {@code expiresAt} is
 * @param nodeId    the node that wrote this record
 * @param revision  the storage revision, also served as the ETag
 * @param sessions  how many sessions are live (0 when offline)
 * @param visibility    the user's visibility; only in the user's own (or an admin's) view
 * @param shareLastSeen whether others see {@code lastSeen}; only in the user's own (or an admin's) view
 * @param invisibleSince when the user became invisible (everyone else reads them offline as of then); only in
 *                       the user's own (or an admin's) view, so that an export restores it
 * @param liveSessions   each session as stored, in an export line of a user whose record lists its sessions (more
 *                       than the one default session), so that an import restores every device; absent elsewhere
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Presence(
        @NotNull @Pattern(regexp = PresenceLimits.USER_ID_REGEX) String userId,
        @NotNull PresenceStatus status,
        @MaxCodePoints(PresenceLimits.MAX_MESSAGE_LENGTH) String message,
        Instant lastSeen,
        @NotNull Instant updatedAt,
        Instant expiresAt,
        @Min(PresenceLimits.MIN_TTL_SECONDS) @Max(PresenceLimits.MAX_TTL_SECONDS) Long ttlSeconds,
        @NotNull String nodeId,
        @Min(1) long revision,
        @Min(0) Integer sessions,
        Visibility visibility,
        Boolean shareLastSeen,
        Instant invisibleSince,
        List<PresenceSession> liveSessions) {

    public Presence {
        liveSessions = liveSessions == null ? null : Collections.unmodifiableList(new ArrayList<>(liveSessions));
    }

    /** A presence as served everywhere but in an export line. */
    public Presence(String userId, PresenceStatus status, String message, Instant lastSeen, Instant updatedAt,
                    Instant expiresAt, Long ttlSeconds, String nodeId, long revision, Integer sessions,
                    Visibility visibility, Boolean shareLastSeen, Instant invisibleSince) {
        this(userId, status, message, lastSeen, updatedAt, expiresAt, ttlSeconds, nodeId, revision, sessions,
                visibility, shareLastSeen, invisibleSince, null);
    }

    /** A presence as servers before the export carried {@code invisibleSince} served it. */
    public Presence(String userId, PresenceStatus status, String message, Instant lastSeen, Instant updatedAt,
                    Instant expiresAt, Long ttlSeconds, String nodeId, long revision, Integer sessions,
                    Visibility visibility, Boolean shareLastSeen) {
        this(userId, status, message, lastSeen, updatedAt, expiresAt, ttlSeconds, nodeId, revision, sessions,
                visibility, shareLastSeen, null);
    }

    /** A presence without session count or privacy settings, as servers before sessions served it. */
    public Presence(String userId, PresenceStatus status, String message, Instant lastSeen, Instant updatedAt,
                    Instant expiresAt, Long ttlSeconds, String nodeId, long revision) {
        this(userId, status, message, lastSeen, updatedAt, expiresAt, ttlSeconds, nodeId, revision, null, null, null);
    }
}
