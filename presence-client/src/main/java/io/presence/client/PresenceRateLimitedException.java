package io.presence.client;

import io.presence.api.ErrorDetail;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The server's rate limit was reached (429); wait {@link #retryAfter()} before trying again. */
public class PresenceRateLimitedException extends PresenceApiException {

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
    public PresenceRateLimitedException(String code, String message, List<ErrorDetail> details, Duration retryAfter) {
        super(429, code, message, details);
        this.retryAfter = retryAfter;
    }

    /** @return how long the server asked clients to wait, when it said */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
