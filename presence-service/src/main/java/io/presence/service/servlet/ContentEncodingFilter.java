package io.presence.service.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;

/**
 * Refuses a request body in a coding this node does not decode, which would otherwise be read as plain JSON:
 * <ul>
 *   <li>a content coding: 415 (RFC 9110 §15.5.16). Jetty's gzip handler, when {@code server.gzip.enabled},
 *   decodes {@code gzip} bodies before this filter and drops the header;</li>
 *   <li>a transfer coding other than {@code chunked} ({@code Transfer-Encoding: gzip, chunked}): 400. Jetty
 *   frames such a body by its final {@code chunked} and passes the rest through undecoded; a proxy in front
 *   that decodes them would see another body than this node (RFC 9112 §6.1);</li>
 *   <li>more than one {@code Content-Type}: 400. This node reads the first, a proxy may read the last, and a
 *   body typed two ways is typed neither.</li>
 * </ul>
 */
public final class ContentEncodingFilter implements Filter {

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (ServletBodies.sentTwice(request, "Content-Type")) {
            ((HttpServletResponse) res).sendError(400, "send one Content-Type header, not several");
            return;
        }
        String coding = request.getHeader("Content-Encoding");
        if (coding != null && ServletBodies.hasBody(request) && !coding.isBlank() && !coding.trim().equalsIgnoreCase("identity")) {
            ((HttpServletResponse) res).sendError(415, "unsupported Content-Encoding '" + coding.trim()
                    + "': send the body uncompressed (a node decodes gzip only when its server's gzip is enabled)");
            return;
        }
        String transfer = request.getHeader("Transfer-Encoding") == null ? null
                : String.join(", ", Collections.list(request.getHeaders("Transfer-Encoding")));
        if (transfer != null && !transfer.trim().equalsIgnoreCase("chunked")) {
            ((HttpServletResponse) res).sendError(400, "unsupported Transfer-Encoding '" + transfer.trim()
                    + "': send the body with Content-Length or Transfer-Encoding: chunked alone");
            return;
        }
        chain.doFilter(req, res);
    }
}
