package io.presence.service.errors;

import io.presence.service.core.StoreUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** 503 {@code unavailable} with {@code Retry-After} in whole seconds (rounded up, at least 1). */
public final class StoreUnavailableExceptionMapper implements ExceptionMapper<StoreUnavailableException> {
    private static final Logger LOG = LoggerFactory.getLogger(StoreUnavailableExceptionMapper.class);

    @Override
    public Response toResponse(StoreUnavailableException exception) {
        long seconds = retryAfterSeconds(exception.retryAfter());
        // The cause may name hosts and ports: it goes to the log, the client gets a generic message. Debug
        // only: a failed store call is logged where it failed, and a refusal while the store is known to be
        // out of reach (connection down, no quorum, hub unreachable) is logged once when that state begins,
        // not once per request (thousands a second in an outage).
        LOG.debug("store unavailable retryAfter={}s reason={}", seconds, exception.getMessage());
        return ErrorResponses.builder(503, "storage is temporarily unavailable; retry in " + seconds + " s", null)
                .header(HttpHeaders.RETRY_AFTER, seconds)
                .build();
    }

    /** Whole seconds, rounded up, never below 1 (also for a missing or negative duration). */
    static long retryAfterSeconds(Duration retryAfter) {
        if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero()) {
            return 1;
        }
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
