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

    /** A wildcard listen address is reached through loopback. */
    private static String connectHost(String host) {
        return switch (host) {
            case "0.0.0.0", "", "*" -> "127.0.0.1";
            case "::", "[::]" -> "::1";
            default -> host;
        };
    }
}
