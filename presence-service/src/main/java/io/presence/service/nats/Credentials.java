package io.presence.service.nats;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The rules leafnode and route listeners share: who must authenticate, and how URLs carry it. */
final class Credentials {

    private Credentials() {
    }

    /** Adds {@code user:password@} to a URL that carries no credentials of its own. */
    static String addTo(String url, String user, String password) {
        if (user == null) {
            return url;
        }
        URI uri = URI.create(url);
        if (uri.getUserInfo() != null) {
            return url;
        }
        return uri.getScheme() + "://" + userInfoEncoded(user) + ":" + userInfoEncoded(password) + "@"
                + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /**
     * Percent-encoded for a URL's user info. URLEncoder encodes for forms, where a space is {@code +}; nats-server
     * reads a URL's user info as RFC 3986 says, so {@code +} stays a plus, and a space must be {@code %20}.
     */
    static String userInfoEncoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A listener on such an address is reachable from this host only. */
    static boolean isLoopback(String address) {
        return "localhost".equals(address) || address.startsWith("127.") || "::1".equals(address)
                || "[::1]".equals(address);
    }

    /** {@code ${VAR:-}} substitutes an empty string for an unset variable: that means "not set". */
    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
