package io.presence.service.ratelimit;

import io.presence.api.ErrorCodes;
import io.presence.api.ErrorResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** The 429 answer shared by the read (servlet) and write (Jersey) limits: its headers and body. */
public final class RateLimits {

    public static final String RETRY_AFTER = "Retry-After";
    public static final String LIMIT = "RateLimit-Limit";
    public static final String REMAINING = "RateLimit-Remaining";
    public static final String RESET = "RateLimit-Reset";
    /** Name of the counter of rejected requests. */
    public static final String REJECTED_METRIC = "rateLimit.rejected";

    private RateLimits() {
    }

    /** The headers of a limited response, in a stable order. */
    public static Map<String, String> headers(RateLimiter.Decision decision) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
        headers.put(LIMIT, Long.toString(decision.limit()));
        headers.put(REMAINING, Long.toString(decision.remaining()));
        headers.put(RESET, Long.toString(decision.resetSeconds()));
        headers.put("X-" + LIMIT, Long.toString(decision.limit()));
        headers.put("X-" + REMAINING, Long.toString(decision.remaining()));
        headers.put("X-" + RESET, Long.toString(decision.resetSeconds()));
        return headers;
    }

    /** The body of a 429; {@code what} says which limit, e.g. "writes for this token". */
    public static ErrorResponse body(String what, RateLimiter.Decision decision) {
        return ErrorResponse.of(ErrorCodes.RATE_LIMITED, "too many " + what + "; retry after "
                + decision.retryAfterSeconds() + " seconds");
    }
}
