package io.presence.client;

import io.presence.api.PresenceStatus;
import io.presence.api.PresenceUpdate;
import java.time.Duration;

/**
 * What {@link PresenceClient#set(String, StatusUpdate)} writes: a status, an optional message and an
 * optional lifetime. Checked when built against the limits every server accepts, so an update that no
 * server would store never leaves the application.
 *
 * <pre>{@code
 * client.set("alice", new StatusUpdate(PresenceStatus.BUSY, "in a call", Duration.ofMinutes(30)));
 * }</pre>
 *
 * @param status  the new status
 * @param message a status message of at most 256 characters without control characters, or {@code null}
 * @param ttl     how long a status other than offline lasts unless written again, whole seconds from 1 s to
 *                24 h; {@code null} for the server's default (5 minutes unless configured otherwise). A server
 *                may be configured with a narrower range and refuses a TTL outside it with a
 *                {@link PresenceValidationException}.
 */
public record StatusUpdate(PresenceStatus status, String message, Duration ttl) {

    /**
     * Checks the update.
     *
     * @param status  the new status, required
     * @param message the message, or {@code null}
     * @param ttl     the lifetime, or {@code null}
     * @throws PresenceInvalidInputException when a value lies outside what every server accepts
     */
    public StatusUpdate {
        Inputs.required(status, "status");
        Inputs.message(message);
        Inputs.ttl(ttl);
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
        return new StatusUpdate(status, message, ttl);
    }

    /** The request body: the API counts the TTL in seconds. */
    PresenceUpdate toRequest() {
        return new PresenceUpdate(status, message, ttl == null ? null : ttl.getSeconds());
    }
}
