package io.presence.service.ratelimit;

import com.codahale.metrics.Counter;
import io.presence.service.errors.Problem;
import io.presence.service.errors.ProblemException;

/** One of the node's limits (reads per client address, writes per token subject), as the edge applies it. */
public final class RateLimit {

    /** Name of the counter of refused requests, shared by both limits. */
    public static final String REJECTED_METRIC = "rateLimit.rejected";

    private final RateLimiter limiter;
    private final String what;
    private final Counter rejected;

    /** @param what what is counted, for the 429's message, e.g. "writes for this token's subject" */
    public RateLimit(RateLimiter limiter, String what, Counter rejected) {
        this.limiter = limiter;
        this.what = what;
        this.rejected = rejected;
    }

    /** Counts one request against {@code key}; over the limit, counts the refusal and throws the 429. */
    public void acquire(String key) {
        RateLimiter.Decision decision = limiter.tryAcquire(key);
        if (!decision.allowed()) {
            rejected.inc();
            throw new ProblemException(new Problem.RateLimited(what, decision.retryAfterSeconds(), decision.limit(),
                    decision.remaining(), decision.resetSeconds()));
        }
    }
}
