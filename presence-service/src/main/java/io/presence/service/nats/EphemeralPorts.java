package io.presence.service.nats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ports given as 0 ("let the OS choose") in the settings of a nats-server, which cannot report the
 * ports it picked: each is chosen here by binding and releasing it, so another process may take it
 * before nats-server binds it, and {@link #startWithRetry} then tries again with new ports.
 */
final class EphemeralPorts {

    // Logged as the embedded server's lifecycle, under the logger name it always had.
    private static final Logger LOG = LoggerFactory.getLogger(NatsServerProcess.class);
    private static final int ATTEMPTS = 3;

    private EphemeralPorts() {
    }

    /** One start of nats-server with the ports chosen for it. */
    @FunctionalInterface
    interface Start {
        void run(NatsServerSettings chosen) throws IOException, InterruptedException;
    }

    /**
     * Runs {@code start} with the ports of 0 in {@code requested} chosen; chooses again, up to three
     * attempts in all, when nats-server finds one of the chosen ports taken.
     */
    static void startWithRetry(NatsServerSettings requested, Start start) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            NatsServerSettings settings = choose(requested);
            try {
                start.run(settings);
                return;
            } catch (NatsServerStartException e) {
                // A port chosen by us may be taken between probing and nats-server binding it.
                if (attempt >= ATTEMPTS || !e.isAddressInUse(chosen(requested, settings))) {
                    throw e;
                }
                LOG.info("nats-server port taken, retrying with new ports node={} attempt={}",
                        requested.serverName(), attempt);
            }
        }
    }

    /** The settings with every port of 0 replaced by a free one; everything else as it was. */
    static NatsServerSettings choose(NatsServerSettings s) {
        if (!s.hasEphemeralPorts()) {
            return s;
        }
        NatsServerSettings.Leafnodes leafnodes = s.leafnodes() instanceof NatsServerSettings.Listen listen
                ? new NatsServerSettings.Listen(listen.host(), orFree(listen.port(), listen.host()), listen.user(),
                        listen.password())
                : s.leafnodes();
        return s.withPorts(orFree(s.clientPort(), s.host()), orFree(s.monitorPort(), s.host()), leafnodes);
    }

    /** The ports that were 0 in {@code asked} and were picked in {@code chosen}. */
    static Set<Integer> chosen(NatsServerSettings asked, NatsServerSettings chosen) {
        Set<Integer> ports = new HashSet<>();
        if (asked.clientPort() == 0) {
            ports.add(chosen.clientPort());
        }
        if (asked.monitorPort() == 0) {
            ports.add(chosen.monitorPort());
        }
        if (asked.leafnodes() instanceof NatsServerSettings.Listen a && a.port() == 0
                && chosen.leafnodes() instanceof NatsServerSettings.Listen c) {
            ports.add(c.port());
        }
        return ports;
    }

    private static int orFree(int port, String host) {
        if (port != 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }
}
