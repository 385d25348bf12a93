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
 * A 415 for a request body in a content coding this node does not decode (RFC 9110 §15.5.16). Jetty's
 * gzip handler, when {@code server.gzip.enabled}, decodes {@code gzip} bodies before this filter and
 * drops the header; any coding still named here would otherwise be read as plain JSON.
 */
public final class ContentEncodingFilter implements Filter {

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        String coding = request.getHeader("Content-Encoding");
        if (coding != null && ServletBodies.hasBody(request) && !coding.isBlank() && !coding.trim().equalsIgnoreCase("identity")) {
            ((HttpServletResponse) res).sendError(415, "unsupported Content-Encoding '" + coding.trim()
                    + "': send the body uncompressed (gzip is decoded only with server.gzip.enabled: true)");
            return;
        }
        chain.doFilter(req, res);
    }
}
