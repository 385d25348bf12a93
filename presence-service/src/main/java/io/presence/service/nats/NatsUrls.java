package io.presence.service.nats;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Checks the URLs a config gives nats-server (a leaf's hub URLs, a center's routes) before nats-server reads them:
 * nats-server refuses a malformed one only when it starts, in a line that quotes the URL, while a config check can
 * refuse it with the key to change (and exit 78, which systemd does not restart).
 */
final class NatsUrls {

    /** What nats-server takes for a leafnode remote. */
    static final Set<String> LEAFNODE_SCHEMES = Set.of("nats-leaf", "nats", "tls", "ws", "wss");
    /** What nats-server takes for a route. */
    static final Set<String> ROUTE_SCHEMES = Set.of("nats-route", "nats");

    private NatsUrls() {
    }

    /** Whether {@code url} is one of {@code schemes}, with a host and, if it names one, a port of 1-65535. */
    static boolean isWellFormed(String url, Set<String> schemes) {
        if (url == null) {
            return false;
        }
        try {
            URI uri = new URI(url.strip());
            return uri.getScheme() != null && schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                    && uri.getHost() != null && !uri.getHost().isEmpty()
                    && (uri.getPort() == -1 || uri.getPort() >= 1 && uri.getPort() <= 65535)
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty());
        } catch (URISyntaxException malformed) {
            return false;
        }
    }
}
