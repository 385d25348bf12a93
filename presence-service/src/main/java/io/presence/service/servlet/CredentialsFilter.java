package io.presence.service.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/**
 * A 400 for credentials sent in a way the API does not take:
 * <ul>
 *   <li>more than one {@code Authorization} header: which one counts would differ between this node
 *       (the first) and any proxy in front of it;</li>
 *   <li>a token in the URL's {@code access_token} parameter (RFC 6750 §2.3), which Dropwizard's bearer
 *       filter would otherwise accept: URLs are written to access logs, proxy logs and browser
 *       histories, so a token there is a token leaked.</li>
 * </ul>
 */
public final class CredentialsFilter implements Filter {

    static final String TOKEN_PARAMETER = "access_token";

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (hasTokenParameter(request.getQueryString())) {
            ((HttpServletResponse) res).sendError(400, "a token in the URL (" + TOKEN_PARAMETER
                    + ") is not accepted, as URLs are logged: send it as Authorization: Bearer <jwt>");
            return;
        }
        if (ServletBodies.sentTwice(request, "Authorization")) {
            ((HttpServletResponse) res).sendError(400, "send one Authorization header, not several");
            return;
        }
        chain.doFilter(req, res);
    }

    /** Whether a query names the parameter, percent-encoded or not, as Jersey would decode it. */
    static boolean hasTokenParameter(String query) {
        if (query == null) {
            return false;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (TOKEN_PARAMETER.equals(decoded(name))) {
                return true;
            }
        }
        return false;
    }

    /** {@code query} with the value of every token parameter replaced, for the request log. */
    static String redacted(String query) {
        StringJoiner pairs = new StringJoiner("&");
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            pairs.add(TOKEN_PARAMETER.equals(decoded(name)) ? name + "=REDACTED" : pair);
        }
        return pairs.toString();
    }

    private static String decoded(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return name;
        }
    }
}
