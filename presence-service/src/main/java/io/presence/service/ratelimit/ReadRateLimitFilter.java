package io.presence.service.ratelimit;

import com.codahale.metrics.Counter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.auth.AuthenticationException;
import io.dropwizard.auth.Authenticator;
import io.presence.service.auth.BearerUnauthorizedHandler;
import io.presence.service.auth.PresencePrincipal;
import io.presence.service.errors.ServletRequests;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * Limits reads per client address. A servlet filter, so one mechanism covers both the Jersey resources
 * and the stream servlet. Reads are {@code GET}, {@code HEAD} and {@code POST} (the batch lookup);
 * writes are limited per principal by {@link WriteRateLimitFilter}. A read carrying a valid token with
 * scope {@code presence:admin} or {@code presence:read} is not limited: a backend reads presence for all
 * of its users from one address. Reads stay public: an invalid token is only not an exemption.
 */
public final class ReadRateLimitFilter implements Filter {

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "POST");

    private final RateLimiter limiter;
    private final ClientAddresses addresses;
    private final Counter rejected;
    private final ObjectMapper json;
    private final Authenticator<String, PresencePrincipal> tokens;

    /**
     * @param addresses which address a request counts against (the socket's, or a trusted proxy's header)
     * @param tokens    the node's (caching) token check, for the exemption of service tokens
     */
    public ReadRateLimitFilter(RateLimiter limiter, ClientAddresses addresses, Counter rejected, ObjectMapper json,
                               Authenticator<String, PresencePrincipal> tokens) {
        this.tokens = tokens;
        this.limiter = limiter;
        this.addresses = addresses;
        this.rejected = rejected;
        this.json = json;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (READ_METHODS.contains(request.getMethod()) && !fromAServiceAccount(request)) {
            RateLimiter.Decision decision = limiter.tryAcquire(addresses.of(request));
            if (!decision.allowed()) {
                rejected.inc();
                HttpServletResponse response = (HttpServletResponse) res;
                response.setStatus(429);
                RateLimits.headers(decision).forEach(response::setHeader);
                if (ServletRequests.hasBody(request)) {
                    // The body stays unread, so Jetty ends the connection: say so, or a client reusing
                    // it sees a dropped connection instead of its next answer.
                    response.setHeader("Connection", "close");
                }
                response.setContentType("application/json");
                byte[] body = json.writeValueAsBytes(RateLimits.body("reads from this client address", decision));
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
                return;
            }
        }
        chain.doFilter(req, res);
    }

    private boolean fromAServiceAccount(HttpServletRequest request) {
        Optional<String> token = BearerUnauthorizedHandler.bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (token.isEmpty()) {
            return false;
        }
        try {
            return tokens.authenticate(token.get()).map(PresencePrincipal::readsUnlimited).orElse(false);
        } catch (AuthenticationException e) {
            return false;
        }
    }
}
