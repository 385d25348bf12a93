package io.presence.client;

import java.util.OptionalLong;

/**
 * A running subscription to users' presence changes, from {@link PresenceClient#watch}. It reconnects
 * after failures with backoff and resumes after the last event received ({@code Last-Event-ID}), so no
 * change is missed; when the server cannot resume it says so through {@link PresenceListener#onGap}.
 * Thread-safe.
 */
public interface PresenceWatch extends AutoCloseable {

    /** @return the revision of the last event received, if any */
    OptionalLong lastEventId();

    /** @return whether the watch has stopped (closed, or failed with an error that cannot heal) */
    boolean isClosed();

    /** Stops the watch and its connection; idempotent. */
    @Override
    void close();
}
