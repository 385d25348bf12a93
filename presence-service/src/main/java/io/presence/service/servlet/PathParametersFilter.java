package io.presence.service.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A 400 for a path with a parameter ({@code ;} in a segment, RFC 3986 §3.3). The servlet container and
 * Jersey drop such parameters, so {@code PUT /api/v2/presence/alice;bob} would write {@code alice}. No
 * API path or user id contains {@code ;} (an encoded {@code %3B} in an id is refused as an invalid id).
 */
public final class PathParametersFilter implements Filter {

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (((HttpServletRequest) req).getRequestURI().indexOf(';') >= 0) {
            ((HttpServletResponse) res).sendError(400,
                    "path parameters (';' in the URL path) are not supported; ';' is not part of any API path or user id");
            return;
        }
        chain.doFilter(req, res);
    }
}
