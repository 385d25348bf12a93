package io.presence.service.core;

import java.time.Duration;

/**
 * Storage (the local NATS server or the hub) could not be reached or did not answer in time.
 * For a write the outcome is unknown: the client should retry after {@link #retryAfter()}.
 */
public class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Duration retryAfter;

    public StoreUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
