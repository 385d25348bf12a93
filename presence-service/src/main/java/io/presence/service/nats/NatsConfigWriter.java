package io.presence.service.nats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
        out.append('\n');
        out.append("jetstream {\n");
        out.append("  store_dir: ").append(quote(s.storeDir().toString())).append('\n');
        out.append("  domain: ").append(quote(s.jetStreamDomain())).append('\n');
        out.append("}\n");
        out.append('\n');
        renderLeafnodes(s.leafnodes(), out);
        return out.toString();
    }

    /** Writes the rendered config and returns the text written. */
    public String write(NatsServerSettings s) throws IOException {
        String text = render(s);
        Files.createDirectories(s.dataDir());
        Path tmp = s.dataDir().resolve(NatsServerSettings.CONFIG_FILE_NAME + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, s.configFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return text;
    }

    private static void renderLeafnodes(NatsServerSettings.Leafnodes leafnodes, StringBuilder out) {
        out.append("leafnodes {\n");
        if (leafnodes instanceof NatsServerSettings.Listen listen) {
            out.append("  listen: ").append(quote(hostPort(listen.host(), listen.port()))).append('\n');
        }
        out.append("}\n");
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
