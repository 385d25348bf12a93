package io.presence.client;

import io.presence.api.Presence;

/**
 * Receives the events of a {@link PresenceWatch}. Called on an SDK thread, one event at a time;
 * return quickly and do not block.
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
     * The stream failed or could not be (re)opened. The watch reconnects by itself unless the error
     * cannot heal (401, 403, 4xx); then {@link PresenceWatch#isClosed()} turns true. No-op by default.
     *
     * @param error what went wrong
     */
    default void onError(PresenceException error) {
    }

    /**
     * The stream is open: the server accepted the watch (at first and after each reconnect). Tells a
     * caller that errors so far were passing, even when no watched user has a presence to send yet.
     * No-op by default.
     */
    default void onOpen() {
    }
}
