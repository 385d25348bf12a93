package io.presence.client;

import io.presence.api.Presence;

/**
 * Receives the events of a {@link PresenceWatch}. Called on an SDK thread, one event at a time;
 * return quickly and do not block. An exception thrown here is logged and otherwise ignored.
 *
 * <p>Only {@link #onPresence} must be implemented; the rest are no-ops by default. For one watch the
 * calls come in this order: {@code onConnected}, then presences (with an {@code onGap} first when a
 * resume could not be honoured), then {@code onDisconnected} when an open stream ends; {@code onError}
 * for each failed attempt to (re)open it. The watch reconnects by itself after each.
 */
@FunctionalInterface
public interface PresenceListener {

    /**
     * A watched user's presence: first the current one, then each change.
     *
     * @param presence the presence as the server reads it now
     */
    void onPresence(Presence presence);

    /**
     * The stream is open: the server accepted the watch (at first and after each reconnect). Tells a
     * caller that errors so far were passing, even when no watched user has a presence to send yet.
     */
    default void onConnected() {
    }

    /**
     * An open stream ended: the connection broke, the server stopped or dropped a slow reader, or the
     * stream went silent past {@link PresenceClientOptions#streamReadTimeout()}. The watch reconnects,
     * resuming after {@link PresenceWatch#lastEventId()}. Not called when the caller closes the watch.
     *
     * @param cause why the stream ended
     */
    default void onDisconnected(PresenceException cause) {
    }

    /**
     * The server could not resume after {@code lastEventId}: its store is older than that event (it was
     * reset, or this is another deployment), so it started the stream over with every watched user's
     * current presence, which follow. Changes in between were not sent: treat what follows as a fresh
     * snapshot (e.g. drop users you hold that it does not mention).
     *
     * @param lastEventId the event id the watch asked to resume after
     */
    default void onGap(long lastEventId) {
    }

    /**
     * The stream could not be (re)opened, or sent an event that is not a presence. The watch reconnects
     * by itself unless the error cannot heal (401, 403, other 4xx but 429, a redirect); then
     * {@link PresenceWatch#isClosed()} turns true.
     *
     * @param error what went wrong
     */
    default void onError(PresenceException error) {
    }
}
