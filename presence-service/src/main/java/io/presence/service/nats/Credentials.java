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
        return uri.getScheme() + "://" + URLEncoder.encode(user, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@" + uri.getRawAuthority()
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
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
