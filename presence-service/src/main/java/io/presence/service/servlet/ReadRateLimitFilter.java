package io.presence.service.servlet;

import io.presence.service.auth.BearerTokens;
import io.presence.service.auth.PresencePrincipal;
import io.presence.service.errors.ProblemException;
import io.presence.service.http.ApiMethods;
import io.presence.service.ratelimit.ClientAddresses;
import io.presence.service.ratelimit.RateLimit;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Limits reads per client address, on every API route (the user servlet, Jersey's list and batch, the
 * stream). Reads are {@code GET}, {@code HEAD} and {@code POST} (the batch lookup); writes are limited per
 * token subject where they are served. A read carrying a valid token with scope {@code presence:admin} or
 * {@code presence:read} is not limited: a backend reads presence for all of its users from one address.
 * Reads stay public: an invalid token is only not an exemption.
 */
public final class ReadRateLimitFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final transient RateLimit limit;
    private final transient ClientAddresses addresses;
    private final transient BearerTokens tokens;

    /** @param addresses which address a request counts against (the socket's, or a trusted proxy's header) */
    public ReadRateLimitFilter(RateLimit limit, ClientAddresses addresses, BearerTokens tokens) {
        this.limit = limit;
        this.addresses = addresses;
        this.tokens = tokens;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (ApiMethods.READS.contains(request.getMethod()) && !fromAServiceAccount(request)) {
            try {
                limit.acquire(addresses.of(request));
            } catch (ProblemException refused) {
                ServletBodies.refuse(refused.problem(), request, response);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private boolean fromAServiceAccount(HttpServletRequest request) {
        return tokens.optional(request.getHeader("Authorization")).map(PresencePrincipal::readsUnlimited)
                .orElse(false);
    }
}
