package io.presence.client;

import io.presence.api.PresenceStatus;
import io.presence.api.PresenceUpdate;
import io.presence.api.Visibility;
import java.time.Duration;

/**
 * What {@link PresenceClient#set(String, StatusUpdate)} writes: a status, an optional message, an
 * optional lifetime and, optionally, the user's privacy settings. Checked when built against the limits every
 * server accepts, so an update that no server would store never leaves the application.
 *
 * <pre>{@code
 * client.set("alice", new StatusUpdate(PresenceStatus.BUSY, "in a call", Duration.ofMinutes(30)));
 * client.set("alice", StatusUpdate.of(PresenceStatus.ONLINE).withVisibility(Visibility.INVISIBLE));
 * }</pre>
 *
 * @param status  the new status
 * @param message a status message of at most 256 characters without control characters, or {@code null}
 * @param ttl     how long a status other than offline lasts unless written again, whole seconds from 1 s to
 *                24 h; {@code null} for the server's default (5 minutes unless configured otherwise). A server
 *                may be configured with a narrower range and refuses a TTL outside it with a
 *                {@link PresenceValidationException}.
 * @param visibility    the user's visibility from now on ({@link Visibility#INVISIBLE}: everyone else reads the
 *                      user as offline), or {@code null} to keep it as it is (sent only when set)
 * @param shareLastSeen whether everyone else sees the user's {@code lastSeen} from now on, or {@code null} to keep
 *                      it as it is (sent only when set)
 */
public record StatusUpdate(PresenceStatus status, String message, Duration ttl, Visibility visibility,
                           Boolean shareLastSeen) {

    /**
     * Checks the update.
     *
     * @param status        the new status, required
     * @param message       the message, or {@code null}
     * @param ttl           the lifetime, or {@code null}
     * @param visibility    the visibility, or {@code null} to keep it
     * @param shareLastSeen whether others see {@code lastSeen}, or {@code null} to keep it
     * @throws PresenceInvalidInputException when a value lies outside what every server accepts
     */
    public StatusUpdate {
        Inputs.required(status, "status");
        Inputs.message(message);
        Inputs.ttl(ttl);
    }

    /**
     * An update that leaves the user's privacy settings as they are.
     *
     * @param status  the new status, required
     * @param message the message, or {@code null}
     * @param ttl     the lifetime, or {@code null}
     * @throws PresenceInvalidInputException when a value lies outside what every server accepts
     */
    public StatusUpdate(PresenceStatus status, String message, Duration ttl) {
        this(status, message, ttl, null, null);
    }

    /**
     * A status alone, with no message and the server's default TTL.
     *
     * @param status the new status
     * @return the update
     */
    public static StatusUpdate of(PresenceStatus status) {
        return new StatusUpdate(status, null, null);
    }

    /**
     * A status and a message, with the server's default TTL.
     *
     * @param status  the new status
     * @param message the message, or {@code null}
     * @return the update
     */
    public static StatusUpdate of(PresenceStatus status, String message) {
        return new StatusUpdate(status, message, null);
    }

    /**
     * This update with another lifetime: {@code StatusUpdate.of(BUSY, "in a call").withTtl(Duration.ofMinutes(30))}.
     *
     * @param ttl the lifetime, whole seconds from 1 s to 24 h, or {@code null} for the server's default
     * @return the new update
     * @throws PresenceInvalidInputException when the TTL lies outside that range
     */
    public StatusUpdate withTtl(Duration ttl) {
        return new StatusUpdate(status, message, ttl, visibility, shareLastSeen);
    }

    /**
     * This update, also setting who sees the user: {@code StatusUpdate.of(ONLINE).withVisibility(INVISIBLE)}.
     * The setting holds for the user (every session) until a later write changes it.
     *
     * @param visibility {@link Visibility#INVISIBLE} for everyone else to read the user as offline (the user's own
     *                   token and an admin's still read the true state), {@link Visibility#VISIBLE} to undo it
     * @return the new update
     * @throws PresenceInvalidInputException when {@code visibility} is null
     */
    public StatusUpdate withVisibility(Visibility visibility) {
        return new StatusUpdate(status, message, ttl, Inputs.required(visibility, "visibility"), shareLastSeen);
    }

    /**
     * This update, also setting whether everyone else sees the user's {@code lastSeen}. The setting holds for the
     * user until a later write changes it.
     *
     * @param share {@code false} to hide {@code lastSeen} from everyone but the user (and admins)
     * @return the new update
     */
    public StatusUpdate withShareLastSeen(boolean share) {
        return new StatusUpdate(status, message, ttl, visibility, share);
    }

    /**
     * This update without the privacy settings, so that it keeps them as they are: what a heartbeat's later beats
     * write (repeating a setting at every beat would undo, within half a TTL, a change made on another device).
     */
    StatusUpdate keepingSettings() {
        return visibility == null && shareLastSeen == null ? this : new StatusUpdate(status, message, ttl);
    }

    /** The request body: the API counts the TTL in seconds; privacy settings left null are not sent (kept). */
    PresenceUpdate toRequest() {
        return new PresenceUpdate(status, message, ttl == null ? null : ttl.getSeconds(), visibility, shareLastSeen);
    }
}
