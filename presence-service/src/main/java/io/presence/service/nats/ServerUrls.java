package io.presence.service.nats;

/** Where this node reaches its embedded nats-server, from the settings the server listens by. */
final class ServerUrls {

    private ServerUrls() {
    }

    /** The URL clients of this node connect to, e.g. {@code nats://127.0.0.1:4222}. */
    static String clientUrl(NatsServerSettings s) {
        return (s.tls() == null ? "nats://" : "tls://") + NatsConfigWriter.hostPort(connectHost(s.host()),
                s.clientPort());
    }

    /** The monitoring base URL, e.g. {@code http://127.0.0.1:8222}. */
    static String monitorUrl(NatsServerSettings s) {
        return "http://" + NatsConfigWriter.hostPort(connectHost(s.host()), s.monitorPort());
    }

    /**
     * A center's leafnode listener as its start is logged: where leaves link ({@code leafnodes=127.0.0.1:7422}),
     * or that none can and what to set; nothing for a leaf.
     */
    static String leafnodes(NatsServerSettings s) {
        if (s.leafnodes() instanceof NatsServerSettings.Listen listen) {
            return " leafnodes=" + NatsConfigWriter.hostPort(listen.host(), listen.port());
        }
        if (s.leafnodes() instanceof NatsServerSettings.NoLeafnodes) {
            return " leafnodes=off (no leaf can link: set nats.leafnodeUser and nats.leafnodePassword,"
                    + " LEAFNODE_USER and LEAFNODE_PASSWORD, here and on the leaves)";
        }
        return "";
    }

    /** A wildcard listen address is reached through loopback. */
    private static String connectHost(String host) {
        return switch (host) {
            case "0.0.0.0", "", "*" -> "127.0.0.1";
            case "::", "[::]" -> "::1";
            default -> host;
        };
    }
}
