package io.presence.client;

import io.presence.api.ErrorDetail;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The server could not reach its storage or hub (503); retrying after {@link #retryAfter()} is safe. */
public class PresenceUnavailableException extends PresenceApiException {

    private static final long serialVersionUID = 1L;

    /** The server's Retry-After, or null. */
    private final Duration retryAfter;

    /**
     * The error as the server reported it.
     *
     * @param code       the error code from the body
     * @param message    the server's message
     * @param details    per-field problems; may be empty
     * @param retryAfter the server's {@code Retry-After}, or {@code null} when it sent none
     */
    public PresenceUnavailableException(String code, String message, List<ErrorDetail> details, Duration retryAfter) {
        super(503, code, message, details);
        this.retryAfter = retryAfter;
    }

    /** @return how long the server asked clients to wait, when it said */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
