package io.presence.service.ratelimit;

import com.codahale.metrics.Counter;
import io.presence.service.auth.PresencePrincipal;
import io.presence.service.errors.ErrorResponses;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import java.security.Principal;

/**
 * Limits writes per token subject. Runs after authentication, so only requests with a verified principal
 * (the writes) are counted; an unauthenticated write has already been refused with 401. An admin's
 * writes are not limited ({@link PresencePrincipal#writesUnlimited}).
 */
@Priority(Priorities.AUTHENTICATION + 100)
public final class WriteRateLimitFilter implements ContainerRequestFilter {

    private final RateLimiter limiter;
    private final Counter rejected;

    public WriteRateLimitFilter(RateLimiter limiter, Counter rejected) {
        this.limiter = limiter;
        this.rejected = rejected;
    }

    @Override
    public void filter(ContainerRequestContext context) {
        Principal principal = context.getSecurityContext() == null ? null
                : context.getSecurityContext().getUserPrincipal();
        if (!(principal instanceof PresencePrincipal caller) || caller.writesUnlimited()) {
            return;
        }
        RateLimiter.Decision decision = limiter.tryAcquire(caller.subject());
        if (!decision.allowed()) {
            rejected.inc();
            Response.ResponseBuilder response = ErrorResponses.builder(429,
                    RateLimits.body("writes for this token's subject", decision));
            RateLimits.headers(decision).forEach(response::header);
            context.abortWith(response.build());
        }
    }
}
