package io.presence.client;

import java.time.Duration;

/**
 * How the client retries a call: at most {@code maxAttempts} attempts in all, waiting a jittered
 * exponential backoff between {@code baseBackoff} and {@code maxBackoff} (or the server's
 * {@code Retry-After}). Only idempotent calls are retried, and only after 429, 503 or an I/O failure.
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 * @param baseBackoff the wait before the first retry (before jitter)
 * @param maxBackoff  the longest wait; a {@code Retry-After} longer than this is not waited for, the
 *                    error is thrown instead
 */
public record RetryPolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff) {

    /** Default attempts in all: {@value}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Default first backoff: 200 ms. */
    public static final Duration DEFAULT_BASE_BACKOFF = Duration.ofMillis(200);
    /** Default longest backoff: 5 s. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

    /** The defaults above. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_BASE_BACKOFF, DEFAULT_MAX_BACKOFF);

    /** One attempt, no retry. */
    public static final RetryPolicy NONE = new RetryPolicy(1, DEFAULT_BASE_BACKOFF, DEFAULT_MAX_BACKOFF);

    /**
     * Validates the policy.
     *
     * @param maxAttempts attempts in all, at least 1
     * @param baseBackoff the first wait, positive
     * @param maxBackoff  the longest wait, not shorter than {@code baseBackoff}
     * @throws PresenceInvalidInputException when a value is missing or out of range
     */
    public RetryPolicy {
        Inputs.required(baseBackoff, "baseBackoff");
        Inputs.required(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new PresenceInvalidInputException("maxAttempts", "maxAttempts must be at least 1 (was " + maxAttempts + ")");
        }
        if (baseBackoff.isNegative() || baseBackoff.isZero()) {
            throw new PresenceInvalidInputException("baseBackoff", "baseBackoff must be positive (was " + baseBackoff + ")");
        }
        if (maxBackoff.compareTo(baseBackoff) < 0) {
            throw new PresenceInvalidInputException("maxBackoff", "maxBackoff " + maxBackoff + " is shorter than baseBackoff " + baseBackoff);
        }
    }

    /**
     * The wait before retry number {@code retry} (1 for the first): exponential, capped at
     * {@code maxBackoff}, with "equal jitter" (between half and all of it) so clients do not retry in step.
     *
     * @param retry  1 for the first retry
     * @param random a value in [0, 1)
     * @return the wait
     */
    Duration backoff(int retry, double random) {
        long base = baseBackoff.toMillis();
        int shift = Math.min(Math.max(retry - 1, 0), 30);
        long exp = Math.min(maxBackoff.toMillis(), base << shift);
        if (exp < 0) {
            exp = maxBackoff.toMillis();
        }
        return Duration.ofMillis(exp / 2 + (long) (exp / 2.0 * random));
    }
}
