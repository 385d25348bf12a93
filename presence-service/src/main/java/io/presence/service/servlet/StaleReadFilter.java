package io.presence.service.servlet;

import io.presence.service.http.ApiMethods;
import io.presence.service.http.ApiPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * Marks every read {@code X-Presence-Stale: true} while the bucket's stream does not answer (a leaf cut off
 * from its hub, a replicated center without quorum): found or not found, the answer, a list or a stream's
 * snapshot comes from a replica that may be behind. The one place the header is set, for every read route.
 */
public final class StaleReadFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final transient BooleanSupplier stale;

    public StaleReadFilter(BooleanSupplier stale) {
        this.stale = stale;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (ApiMethods.READS.contains(request.getMethod()) && stale.getAsBoolean()) {
            response.setHeader(ApiPaths.STALE_HEADER, "true");
        }
        chain.doFilter(request, response);
    }
}
