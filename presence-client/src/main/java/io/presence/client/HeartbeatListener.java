package io.presence.client;

import io.presence.api.Presence;
import java.time.Duration;

/**
 * Hears how a {@link PresenceHeartbeat} fares after its first beat (which {@code heartbeat(...)} itself
 * runs, throwing its failure). Every method is a no-op by default. Called on an SDK thread; return quickly.
 * An exception thrown here is logged and otherwise ignored.
 */
public interface HeartbeatListener {

    /**
     * A beat failed with an error that may pass (a transport failure, 429, 5xx); the heartbeat tries again
     * after {@code retryIn}, backing off while the failures last.
     *
     * @param error   what went wrong
     * @param retryIn the wait before the next attempt
     */
    default void onFailure(PresenceException error, Duration retryIn) {
    }

    /**
     * A beat succeeded after one or more failures.
     *
     * @param presence the presence the beat stored
     */
    default void onRecovered(Presence presence) {
    }

    /**
     * A beat failed with an error that repeating cannot fix (the token refused with 401 or 403, the update
     * refused with 400 or 422, any other 4xx but 429): the heartbeat has stopped beating. The user's status
     * lapses at its TTL; {@link PresenceHeartbeat#close()} still tries to set the user offline.
     *
     * @param error why the heartbeat stopped
     */
    default void onStopped(PresenceException error) {
    }
}
