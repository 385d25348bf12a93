package io.presence.service.nats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Renders and writes the nats-server config of a node. {@link #render} is a pure function of the
 * settings; {@link #write} puts the text into {@code <dataDir>/nats-server.conf} atomically, so a
 * server never reads a half-written file.
 */
public final class NatsConfigWriter {

    public String render(NatsServerSettings s) {
        StringBuilder out = new StringBuilder(512);
        out.append("# Written by Presence on every start of the embedded nats-server; edits are lost.\n");
        out.append("server_name: ").append(quote(s.serverName())).append('\n');
        out.append("listen: ").append(quote(hostPort(s.host(), s.clientPort()))).append('\n');
        out.append("http: ").append(quote(hostPort(s.host(), s.monitorPort()))).append('\n');
        if (s.clientToken() != null) {
            // Clients only: routes and leafnode links have their own authorization blocks.
            out.append("authorization {\n");
            out.append("  user: ").append(quote(ClientToken.USER)).append('\n');
            out.append("  password: ").append(quote(s.clientToken())).append('\n');
            out.append("}\n");
        }
        if (s.tls() != null) {
            renderTls(s.tls(), false, "", out);
        }
        out.append('\n');
        out.append("jetstream {\n");
        out.append("  store_dir: ").append(quote(s.storeDir().toString())).append('\n');
        out.append("  domain: ").append(quote(s.jetStreamDomain())).append('\n');
        out.append("  max_memory_store: ").append(s.limits().maxMemoryStore()).append('\n');
        out.append("  max_file_store: ").append(s.limits().maxFileStore()).append('\n');
        out.append("}\n");
        out.append('\n');
        renderLeafnodes(s.leafnodes(), s.tls(), out);
        if (s.cluster() != null) {
            out.append('\n');
            renderCluster(s.cluster(), out);
        }
        return out.toString();
    }

    private static void renderCluster(NatsServerSettings.Cluster cluster, StringBuilder out) {
        out.append("cluster {\n");
        out.append("  name: ").append(quote(cluster.name())).append('\n');
        out.append("  listen: ").append(quote(hostPort(cluster.host(), cluster.port()))).append('\n');
        if (cluster.advertise() != null) {
            out.append("  advertise: ").append(quote(cluster.advertise())).append('\n');
        }
        // The node's own connection must stay on its own server: other centers' client ports are
        // loopback-only on their hosts, so gossiping them to clients would only send reconnects astray.
        out.append("  no_advertise: true\n");
        out.append("  routes: [\n");
        for (String route : cluster.routes()) {
            out.append("    ").append(quote(route)).append('\n');
        }
        out.append("  ]\n");
        if (cluster.user() != null) {
            out.append("  authorization {\n");
            out.append("    user: ").append(quote(cluster.user())).append('\n');
            out.append("    password: ").append(quote(cluster.password())).append('\n');
            out.append("  }\n");
        }
        if (cluster.tls() != null) {
            renderTls(cluster.tls(), true, "  ", out);
        }
        out.append("}\n");
    }

    /** Writes the rendered config and returns the text written. */
    public String write(NatsServerSettings s) throws IOException {
        String text = render(s);
        Files.createDirectories(s.dataDir());
        Path tmp = s.dataDir().resolve(NatsServerSettings.CONFIG_FILE_NAME + ".tmp");
        Files.writeString(tmp, text);
        restrictToOwner(tmp);
        Files.move(tmp, s.configFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return text;
    }

    /** A {@code tls {}} block; {@code verify} makes the peer present a certificate signed by the CA. */
    private static void renderTls(NatsServerSettings.Tls tls, boolean verify, String indent, StringBuilder out) {
        out.append(indent).append("tls {\n");
        out.append(indent).append("  cert_file: ").append(quote(tls.certFile().toString())).append('\n');
        out.append(indent).append("  key_file: ").append(quote(tls.keyFile().toString())).append('\n');
        out.append(indent).append("  ca_file: ").append(quote(tls.caFile().toString())).append('\n');
        if (verify) {
            out.append(indent).append("  verify: true\n");
        }
        out.append(indent).append("  timeout: 2\n");
        out.append(indent).append("}\n");
    }

    private static void renderLeafnodes(NatsServerSettings.Leafnodes leafnodes, NatsServerSettings.Tls tls,
                                        StringBuilder out) {
        if (leafnodes instanceof NatsServerSettings.NoLeafnodes) {
            return;
        }
        out.append("leafnodes {\n");
        if (leafnodes instanceof NatsServerSettings.Listen listen) {
            out.append("  listen: ").append(quote(hostPort(listen.host(), listen.port()))).append('\n');
            if (tls != null) {
                renderTls(tls, true, "  ", out);
            }
            if (listen.hasCredentials()) {
                out.append("  authorization {\n");
                out.append("    user: ").append(quote(listen.user())).append('\n');
                out.append("    password: ").append(quote(listen.password())).append('\n');
                out.append("  }\n");
            }
        } else if (leafnodes instanceof NatsServerSettings.Remotes remotes) {
            // Whole seconds only (nats-server 2.9); 1 s keeps a hub outage short for the leaf.
            out.append("  reconnect: 1\n");
            out.append("  remotes: [\n    { urls: [");
            out.append(String.join(", ", remotes.urls().stream().map(NatsConfigWriter::quote).toList()));
            if (tls == null) {
                out.append("] }\n  ]\n");
            } else {
                out.append("]\n");
                renderTls(tls, false, "      ", out);
                out.append("    }\n  ]\n");
            }
        }
        out.append("}\n");
    }

    /**
     * The config text with passwords masked, for messages and logs: the client token, leafnode and route passwords
     * and the password part of {@code scheme://user:password@host} URLs.
     */
    public static String redact(String configText) {
        return UrlCredentials.masked(configText.replaceAll("(?m)^(\\s*password:\\s*).*$", "$1\"*****\""));
    }

    /** The config may hold the client token and leafnode credentials. */
    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: its default permissions are what there is.
        }
    }

    static String hostPort(String host, int port) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return h + ":" + port;
    }

    /**
     * A double-quoted nats config string. Inside double quotes nats-server understands the escapes
     * {@code \\} and {@code \"} and does not expand {@code $variables}; control characters have no
     * business in a path or name, so they are refused rather than guessed at.
     */
    static String quote(String value) {
        StringBuilder q = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("control character in nats config value: "
                        + value.replaceAll("\\p{Cntrl}", "?"));
            }
            if (c == '\\' || c == '"') {
                q.append('\\');
            }
            q.append(c);
        }
        return q.append('"').toString();
    }
}
