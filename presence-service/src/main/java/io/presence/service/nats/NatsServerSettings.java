package io.presence.service.nats;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a nats-server child needs to know to be configured: the input of {@link NatsConfigWriter}.
 *
 * <p>Ports may be 0 ("let the OS choose"); {@link NatsServerProcess} replaces them with free ports
 * before it writes the config. The leafnode part is a separate type so a leaf role (remotes to the
 * hub) can be added beside the center's listener without touching the rest.
 *
 * @param serverName      nats {@code server_name}, the node id (e.g. {@code center-1})
 * @param host            listen address of the client and monitoring ports
 * @param clientPort      client port
 * @param monitorPort     HTTP monitoring port ({@code /healthz})
 * @param dataDir         absolute directory holding the config, PID file and JetStream store
 * @param jetStreamDomain JetStream domain of this server
 * @param leafnodes       the leafnode block
 * @param tls             TLS for the client port and the leafnode links, or null for plain TCP
 * @param cluster         routes to the other servers of a cluster, or null for a server on its own
 * @param limits          how much memory and disk the server may use
 * @param clientToken     the token clients must present ({@link ClientToken}), or null for a client port open to
 *                        every local process (a test's own server)
 */
public record NatsServerSettings(
        String serverName,
        String host,
        int clientPort,
        int monitorPort,
        Path dataDir,
        String jetStreamDomain,
        Leafnodes leafnodes,
        Tls tls,
        Cluster cluster,
        Limits limits,
        String clientToken) {

    public static final String CONFIG_FILE_NAME = "nats-server.conf";
    public static final String PID_FILE_NAME = "nats-server.pid";
    public static final String STORE_DIR_NAME = "jetstream";

    // nats rejects spaces in server names; domains are subject tokens.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:@-]{1,128}");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public NatsServerSettings {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(jetStreamDomain, "jetStreamDomain");
        Objects.requireNonNull(leafnodes, "leafnodes");
        Objects.requireNonNull(limits, "limits");
        if (!NAME.matcher(serverName).matches()) {
            throw new IllegalArgumentException("invalid nats server name '" + serverName
                    + "': use 1-128 chars of [A-Za-z0-9_.:@-]");
        }
        if (!DOMAIN.matcher(jetStreamDomain).matches()) {
            throw new IllegalArgumentException("invalid JetStream domain '" + jetStreamDomain
                    + "': use 1-64 chars of [A-Za-z0-9_-]");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        checkPort("clientPort", clientPort);
        checkPort("monitorPort", monitorPort);
        dataDir = dataDir.toAbsolutePath().normalize();
        if (clientToken != null && !ClientToken.FORM.matcher(clientToken).matches()) {
            throw new IllegalArgumentException("a client token is 16-128 characters of A-Z, a-z, 0-9, _ and -");
        }
    }

    /** Settings whose client port takes every local client. */
    public NatsServerSettings(String serverName, String host, int clientPort, int monitorPort, Path dataDir,
                              String jetStreamDomain, Leafnodes leafnodes, Tls tls, Cluster cluster, Limits limits) {
        this(serverName, host, clientPort, monitorPort, dataDir, jetStreamDomain, leafnodes, tls, cluster, limits,
                null);
    }

    /** Settings with the default limits. */
    public NatsServerSettings(String serverName, String host, int clientPort, int monitorPort, Path dataDir,
                              String jetStreamDomain, Leafnodes leafnodes, Tls tls, Cluster cluster) {
        this(serverName, host, clientPort, monitorPort, dataDir, jetStreamDomain, leafnodes, tls, cluster,
                Limits.DEFAULTS);
    }

    /** Settings without TLS. */
    public NatsServerSettings(String serverName, String host, int clientPort, int monitorPort, Path dataDir,
                              String jetStreamDomain, Leafnodes leafnodes) {
        this(serverName, host, clientPort, monitorPort, dataDir, jetStreamDomain, leafnodes, null, null);
    }

    /** Settings of a server on its own (no cluster). */
    public NatsServerSettings(String serverName, String host, int clientPort, int monitorPort, Path dataDir,
                              String jetStreamDomain, Leafnodes leafnodes, Tls tls) {
        this(serverName, host, clientPort, monitorPort, dataDir, jetStreamDomain, leafnodes, tls, null);
    }

    static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be within 0..65535, was " + port);
        }
    }

    public Path configFile() {
        return dataDir.resolve(CONFIG_FILE_NAME);
    }

    public Path pidFile() {
        return dataDir.resolve(PID_FILE_NAME);
    }

    public Path storeDir() {
        return dataDir.resolve(STORE_DIR_NAME);
    }

    /** True when some port is 0 and still has to be chosen. */
    public boolean hasEphemeralPorts() {
        return clientPort == 0 || monitorPort == 0 || leafnodes.hasEphemeralPort();
    }

    /** These settings with a client port that asks for {@code token}. */
    public NatsServerSettings withClientToken(String token) {
        return new NatsServerSettings(serverName, host, clientPort, monitorPort, dataDir, jetStreamDomain, leafnodes,
                tls, cluster, limits, token);
    }

    public NatsServerSettings withPorts(int newClientPort, int newMonitorPort, Leafnodes newLeafnodes) {
        return new NatsServerSettings(serverName, host, newClientPort, newMonitorPort, dataDir,
                jetStreamDomain, newLeafnodes, tls, cluster, limits, clientToken);
    }

    /**
     * The server's bounds: JetStream's {@code max_memory_store} and {@code max_file_store} (bytes), {@code
     * memoryLimit}, the Go runtime's soft limit for the whole process ({@code GOMEMLIMIT}, bytes), past which it
     * collects garbage harder rather than grow, and {@code gcPercent} ({@code GOGC}), how far its heap grows
     * past what is live before it collects.
     */
    public record Limits(long maxMemoryStore, long maxFileStore, long memoryLimit, int gcPercent) {
        /** The defaults of {@code NatsFactory}: 64 MiB of memory store, 8 GiB of file store, a 512 MiB process, GOGC 50. */
        public static final Limits DEFAULTS = new Limits(64L << 20, 8L << 30, 512L << 20, 50);

        public Limits {
            if (maxMemoryStore <= 0 || maxFileStore <= 0 || memoryLimit <= 0 || gcPercent <= 0) {
                throw new IllegalArgumentException("nats-server limits must be positive, were " + maxMemoryStore
                        + ", " + maxFileStore + " and " + memoryLimit + " bytes, GOGC " + gcPercent);
            }
        }
    }

    /** PEM files: this server's certificate and key, and the CA that signs its peers. */
    public record Tls(Path certFile, Path keyFile, Path caFile) {
        public Tls {
            certFile = Objects.requireNonNull(certFile, "certFile").toAbsolutePath();
            keyFile = Objects.requireNonNull(keyFile, "keyFile").toAbsolutePath();
            caFile = Objects.requireNonNull(caFile, "caFile").toAbsolutePath();
        }
    }

    /**
     * The {@code cluster {}} block: this server's route listener and the routes to every server of the
     * cluster (credentials already in the URLs). {@code advertise}, when set, is the address other
     * servers are told to reach this one at, instead of {@code host:port}.
     */
    public record Cluster(String name, String host, int port, String advertise, List<String> routes, String user,
                          String password, Tls tls) {
        public Cluster {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(host, "host");
            checkPort("cluster port", port);
            routes = List.copyOf(routes);
            if (routes.isEmpty()) {
                throw new IllegalArgumentException("a cluster needs at least one route");
            }
            if ((user == null) != (password == null)) {
                throw new IllegalArgumentException("cluster user and password go together");
            }
        }
    }

    /** The {@code leafnodes {}} block: a hub's listener or a leaf's remotes, or none. */
    public sealed interface Leafnodes permits Listen, Remotes, NoLeafnodes {
        boolean hasEphemeralPort();
    }

    /**
     * A hub that takes no leaves: it has neither leafnode credentials nor TLS to ask them for, and a listener open
     * to anyone would let any local process join as a leaf and write the bucket past the client port's token.
     */
    public record NoLeafnodes() implements Leafnodes {
        @Override
        public boolean hasEphemeralPort() {
            return false;
        }
    }

    /**
     * A hub accepting leafnode connections on {@code host:port}; with {@code user} and
     * {@code password} set, leaves must present them.
     */
    public record Listen(String host, int port, String user, String password) implements Leafnodes {
        public Listen {
            Objects.requireNonNull(host, "host");
            checkPort("leafnodePort", port);
            if ((user == null) != (password == null)) {
                throw new IllegalArgumentException("leafnode user and password go together");
            }
        }

        /** A listener without authentication. */
        public Listen(String host, int port) {
            this(host, port, null, null);
        }

        public boolean hasCredentials() {
            return user != null;
        }

        @Override
        public boolean hasEphemeralPort() {
            return port == 0;
        }
    }

    /** A leaf connecting to its hub at {@code urls} ({@code nats-leaf://[user:password@]host:port}). */
    public record Remotes(List<String> urls) implements Leafnodes {
        public Remotes {
            urls = List.copyOf(urls);
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("a leaf needs at least one hub URL");
            }
        }

        @Override
        public boolean hasEphemeralPort() {
            return false;
        }
    }
}
