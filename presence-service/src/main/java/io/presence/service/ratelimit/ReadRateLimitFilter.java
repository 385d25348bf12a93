package io.presence.service.ratelimit;

import com.codahale.metrics.Counter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.presence.service.errors.ServletRequests;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * Limits reads per client address. A servlet filter, so one mechanism covers both the Jersey resources
 * and the stream servlet. Reads are {@code GET}, {@code HEAD} and {@code POST} (the batch lookup);
 * writes are limited per principal by {@link WriteRateLimitFilter}.
 */
public final class ReadRateLimitFilter implements Filter {

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "POST");

    private final RateLimiter limiter;
    private final String trustedProxyHeader;
    private final Counter rejected;
    private final ObjectMapper json;

    /** @param trustedProxyHeader e.g. {@code X-Forwarded-For}, or null to use the socket's address */
    public ReadRateLimitFilter(RateLimiter limiter, String trustedProxyHeader, Counter rejected, ObjectMapper json) {
        this.limiter = limiter;
        this.trustedProxyHeader = trustedProxyHeader;
        this.rejected = rejected;
        this.json = json;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (READ_METHODS.contains(request.getMethod())) {
            RateLimiter.Decision decision = limiter.tryAcquire(clientAddress(request));
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

    /** The trusted proxy header's left-most address (the original client) when set and present. */
    String clientAddress(HttpServletRequest request) {
        return clientAddress(trustedProxyHeader == null ? null : request.getHeader(trustedProxyHeader),
                request.getRemoteAddr());
    }

    static String clientAddress(String forwarded, String remoteAddress) {
        if (forwarded != null) {
            int comma = forwarded.indexOf(',');
            String first = (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim();
            if (!first.isEmpty()) {
                return first;
            }
        }
        return remoteAddress;
    }
}
