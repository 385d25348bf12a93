package io.presence.service.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NatsConfigWriterTest {

    private final NatsConfigWriter writer = new NatsConfigWriter();

    private static NatsServerSettings center(Path dataDir) {
        return new NatsServerSettings("center-1", "127.0.0.1", 4222, 8222, dataDir, "hub",
                new NatsServerSettings.Listen("127.0.0.1", 7422));
    }

    @Test
    void rendersCenterConfigWithJetStreamDomainAndLeafnodeListener() {
        String text = writer.render(center(Path.of("/var/lib/presence/nats")));

        assertThat(text).contains(
                "server_name: \"center-1\"\n",
                "listen: \"127.0.0.1:4222\"\n",
                "http: \"127.0.0.1:8222\"\n",
                "jetstream {\n  store_dir: \"/var/lib/presence/nats/jetstream\"\n  domain: \"hub\"\n"
                        + "  max_memory_store: 67108864\n  max_file_store: 8589934592\n}\n",
                "leafnodes {\n  listen: \"127.0.0.1:7422\"\n}\n");
    }

    @Test
    void aCenterThatTakesNoLeavesHasNoLeafnodeBlock() {
        NatsServerSettings s = center(Path.of("/d"));
        NatsServerSettings closed = s.withPorts(4222, 8222, new NatsServerSettings.NoLeafnodes());

        assertThat(writer.render(closed)).doesNotContain("leafnodes").contains("jetstream {");
        assertThat(closed.hasEphemeralPorts()).isFalse();
        assertThat(ServerUrls.leafnodes(closed)).startsWith(" leafnodes=off (no leaf can link: set nats.leafnodeUser");
        assertThat(ServerUrls.leafnodes(s)).isEqualTo(" leafnodes=127.0.0.1:7422");
    }

    @Test
    void rendersTheConfiguredJetStreamLimits() {
        NatsServerSettings s = center(Path.of("/d"));
        NatsServerSettings limited = new NatsServerSettings(s.serverName(), s.host(), s.clientPort(), s.monitorPort(),
                s.dataDir(), s.jetStreamDomain(), s.leafnodes(), null, null,
                new NatsServerSettings.Limits(1 << 20, 1L << 30, 64 << 20, 50));

        assertThat(writer.render(limited)).contains("  max_memory_store: 1048576\n  max_file_store: 1073741824\n}");
        assertThat(limited.withPorts(1, 2, s.leafnodes()).limits()).isEqualTo(limited.limits());
    }

    @Test
    void rendersTlsForTheClientPortAndMutualTlsForLeafnodes() {
        NatsServerSettings.Tls tls = new NatsServerSettings.Tls(Path.of("/pki/c.crt"), Path.of("/pki/c.key"),
                Path.of("/pki/ca.pem"));
        String hub = writer.render(new NatsServerSettings("center-1", "127.0.0.1", 4222, 8222, Path.of("/d"), "hub",
                new NatsServerSettings.Listen("0.0.0.0", 7422, "u", "p"), tls));
        assertThat(hub).contains("http: \"127.0.0.1:8222\"\ntls {\n  cert_file: \"/pki/c.crt\"\n"
                + "  key_file: \"/pki/c.key\"\n  ca_file: \"/pki/ca.pem\"\n  timeout: 2\n}\n",
                "  listen: \"0.0.0.0:7422\"\n  tls {\n    cert_file: \"/pki/c.crt\"\n    key_file: \"/pki/c.key\"\n"
                        + "    ca_file: \"/pki/ca.pem\"\n    verify: true\n    timeout: 2\n  }\n  authorization {");

        NatsServerSettings leafSettings = new NatsServerSettings("leaf-1", "127.0.0.1", 0, 0, Path.of("/d"), "leaf-1",
                new NatsServerSettings.Remotes(java.util.List.of("nats-leaf://hub:7422")), tls);
        String leaf = writer.render(leafSettings);
        assertThat(leaf).contains("    { urls: [\"nats-leaf://hub:7422\"]\n      tls {\n"
                + "        cert_file: \"/pki/c.crt\"\n", "        ca_file: \"/pki/ca.pem\"\n        timeout: 2\n"
                + "      }\n    }\n  ]\n");
        assertThat(leafSettings.withPorts(1, 2, leafSettings.leafnodes()).tls()).isEqualTo(tls);
    }

    @Test
    void rendersTheClusterBlockWithRoutesCredentialsAndTls() {
        NatsServerSettings.Tls tls = new NatsServerSettings.Tls(Path.of("/pki/r.crt"), Path.of("/pki/r.key"),
                Path.of("/pki/ca.pem"));
        NatsServerSettings.Cluster cluster = new NatsServerSettings.Cluster("presence-hub", "0.0.0.0", 6222,
                "c1.example:6222", java.util.List.of("nats-route://ru:rp@c1:6222", "nats-route://ru:rp@c2:6222"),
                "ru", "rp", tls);
        NatsServerSettings settings = new NatsServerSettings("center-1", "127.0.0.1", 4222, 8222, Path.of("/d"),
                "hub", new NatsServerSettings.Listen("127.0.0.1", 7422), null, cluster);

        String text = writer.render(settings);

        assertThat(text).contains("cluster {\n  name: \"presence-hub\"\n  listen: \"0.0.0.0:6222\"\n"
                + "  advertise: \"c1.example:6222\"\n  no_advertise: true\n  routes: [\n"
                + "    \"nats-route://ru:rp@c1:6222\"\n    \"nats-route://ru:rp@c2:6222\"\n  ]\n"
                + "  authorization {\n    user: \"ru\"\n    password: \"rp\"\n  }\n"
                + "  tls {\n    cert_file: \"/pki/r.crt\"\n    key_file: \"/pki/r.key\"\n"
                + "    ca_file: \"/pki/ca.pem\"\n    verify: true\n    timeout: 2\n  }\n}\n");
        assertThat(NatsConfigWriter.redact(text)).doesNotContain("rp").contains("ru:*****@c1:6222");
        assertThat(settings.withPorts(1, 2, settings.leafnodes()).cluster()).isEqualTo(cluster);
    }

    @Test
    void aServerOnItsOwnHasNoClusterBlock() {
        assertThat(writer.render(center(Path.of("/d")))).doesNotContain("cluster");
    }

    @Test
    void escapesQuotesAndBackslashesInPaths() {
        String text = writer.render(center(Path.of("/tmp/we ird\"$HOME\\x")));

        assertThat(text).contains("store_dir: \"/tmp/we ird\\\"$HOME\\\\x/jetstream\"");
    }

    @Test
    void refusesControlCharactersInValues() {
        assertThatThrownBy(() -> NatsConfigWriter.quote("a\nb"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control character")
                .hasMessageContaining("a?b");
    }

    @Test
    void bracketsIpv6Hosts() {
        assertThat(NatsConfigWriter.hostPort("::1", 4222)).isEqualTo("[::1]:4222");
        assertThat(NatsConfigWriter.hostPort("[::1]", 4222)).isEqualTo("[::1]:4222");
        assertThat(NatsConfigWriter.hostPort("localhost", 1)).isEqualTo("localhost:1");
    }

    @Test
    void writesConfigIntoDataDirAndReturnsText(@TempDir Path tmp) throws Exception {
        NatsServerSettings settings = center(tmp.resolve("nats"));

        String text = writer.write(settings);

        assertThat(settings.configFile()).hasFileName("nats-server.conf").exists();
        assertThat(Files.readString(settings.configFile())).isEqualTo(text).contains("center-1");
        assertThat(settings.dataDir().resolve("nats-server.conf.tmp")).doesNotExist();
    }

    @Test
    void rendersLeafRemotesAndListenerCredentials() {
        NatsServerSettings leaf = new NatsServerSettings("leaf-1", "127.0.0.1", 4232, 8232, Path.of("/d"), "leaf-1",
                new NatsServerSettings.Remotes(java.util.List.of("nats-leaf://u:p@hub:7422", "nats-leaf://hub2:7422")));
        assertThat(writer.render(leaf)).contains("domain: \"leaf-1\"",
                "leafnodes {\n  reconnect: 1\n  remotes: [\n    { urls: [\"nats-leaf://u:p@hub:7422\", "
                        + "\"nats-leaf://hub2:7422\"] }\n  ]\n}\n");

        NatsServerSettings hub = new NatsServerSettings("center-1", "127.0.0.1", 4222, 8222, Path.of("/d"), "hub",
                new NatsServerSettings.Listen("0.0.0.0", 7422, "presence", "pw"));
        assertThat(writer.render(hub)).contains("leafnodes {\n  listen: \"0.0.0.0:7422\"\n  authorization {\n"
                + "    user: \"presence\"\n    password: \"pw\"\n  }\n}\n");
    }

    @Test
    void aClientTokenIsAskedOfClientsAndMaskedInMessages() {
        String token = "tok_0123456789abcdef-XYZ";
        String text = writer.render(center(Path.of("/d")).withClientToken(token));
        assertThat(text).contains("http: \"127.0.0.1:8222\"\nauthorization {\n  user: \"presence\"\n  password: \""
                + token + "\"\n}\n");
        assertThat(NatsConfigWriter.redact(text)).contains("  password: \"*****\"\n").doesNotContain(token);
        assertThat(writer.render(center(Path.of("/d")))).doesNotContain("authorization");
        assertThatThrownBy(() -> center(Path.of("/d")).withClientToken("short"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> center(Path.of("/d")).withClientToken("has\"a quote and more"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void redactsPasswordsForMessages() {
        String text = "  password: \"pw\"\n    { urls: [\"nats-leaf://u:secret@hub:7422\"] }\n";
        assertThat(NatsConfigWriter.redact(text))
                .isEqualTo("  password: \"*****\"\n    { urls: [\"nats-leaf://u:*****@hub:7422\"] }\n")
                .doesNotContain("secret", "pw\"");
    }

    @Test
    void keepsTheWrittenConfigPrivate(@TempDir Path dir) throws Exception {
        writer.write(center(dir));
        assertThat(Files.getPosixFilePermissions(dir.resolve("nats-server.conf")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void settingsRejectMismatchedCredentialsAndEmptyRemotes() {
        assertThatThrownBy(() -> new NatsServerSettings.Listen("h", 1, "u", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NatsServerSettings.Remotes(java.util.List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
