package io.presence.service.servlet;

import io.presence.service.auth.BearerTokens;
import io.presence.service.errors.ProblemException;
import io.presence.service.http.ApiMethods;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * With {@code auth.publicReads: false}, every read of the API ({@code GET}, {@code HEAD}, and {@code POST}, the
 * batch lookup) needs a valid bearer token, of any subject and any scope: 401 without one. Writes and the
 * admin's endpoints check their own tokens further on; {@code OPTIONS} never needs one. Registered only when
 * reads are not public (docs/security.md).
 */
public final class ReadAccessFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final transient BearerTokens tokens;

    public ReadAccessFilter(BearerTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (ApiMethods.READS.contains(request.getMethod())) {
            try {
                tokens.required(request.getHeader("Authorization"));
            } catch (ProblemException refused) {
                ServletBodies.refuse(refused.problem(), request, response);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
