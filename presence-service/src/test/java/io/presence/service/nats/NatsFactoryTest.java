package io.presence.service.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.ConfigurationParsingException;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NatsFactoryTest {

    private final Validator validator = Validators.newValidator();
    private final YamlConfigurationFactory<NatsFactory> yaml =
            new YamlConfigurationFactory<>(NatsFactory.class, validator, Jackson.newObjectMapper(), "dw");

    private NatsFactory parse(String text) throws Exception {
        return yaml.build(path -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "nats.yml");
    }

    @Test
    void defaultsMatchTheArchitecture() throws Exception {
        NatsFactory f = parse("{}");

        assertThat(f.isEmbedded()).isTrue();
        assertThat(f.getServerBinary()).isEqualTo("nats-server");
        assertThat(f.getDataDir()).isEqualTo("./nats-data");
        assertThat(f.getHost()).isEqualTo("127.0.0.1");
        assertThat(f.getClientPort()).isEqualTo(4222);
        assertThat(f.getLeafnodePort()).isEqualTo(7422);
        assertThat(f.getMonitorPort()).isEqualTo(8222);
        assertThat(f.getHubUrls()).isEmpty();
        assertThat(f.getUrls()).isEmpty();
        assertThat(f.getStartupTimeout()).isEqualTo(Duration.seconds(30));
        assertThat(f.getShutdownTimeout()).isEqualTo(Duration.seconds(10));
        assertThat(f.getJetStreamDomain()).isEqualTo("hub");
        assertThat(f.getMaxMemoryStore().toBytes()).isEqualTo(DataSize.mebibytes(64).toBytes());
        assertThat(f.getMaxFileStore().toBytes()).isEqualTo(DataSize.gibibytes(8).toBytes());
        assertThat(f.getMemoryLimit().toBytes()).isEqualTo(DataSize.mebibytes(512).toBytes());
        assertThat(f.getGcPercent()).isEqualTo(50);
    }

    @Test
    void bindsTheServersLimitsAndRefusesTinyOnes() throws Exception {
        NatsFactory f = parse("{maxMemoryStore: 16MiB, maxFileStore: 2GiB, memoryLimit: 512MiB, gcPercent: 100}");

        assertThat(f.getMaxMemoryStore()).isEqualTo(DataSize.mebibytes(16));
        assertThat(f.getMaxFileStore()).isEqualTo(DataSize.gibibytes(2));
        assertThat(f.getMemoryLimit()).isEqualTo(DataSize.mebibytes(512));
        assertThatThrownBy(() -> parse("{memoryLimit: 1MiB}"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("memoryLimit");
        assertThat(f.getGcPercent()).isEqualTo(100);
        assertThatThrownBy(() -> parse("{gcPercent: 5}"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("gcPercent");
    }

    @Test
    void bindsCamelCaseKeys() throws Exception {
        NatsFactory f = parse("""
                embedded: true
                serverBinary: /opt/nats/nats-server
                dataDir: /var/lib/presence/nats
                host: 127.0.0.2
                clientPort: 14222
                leafnodePort: 17422
                monitorPort: 18222
                hubUrls: [nats-leaf://center:7422]
                startupTimeout: 5s
                shutdownTimeout: 2s
                jetStreamDomain: eu
                """);

        assertThat(f.getServerBinary()).isEqualTo("/opt/nats/nats-server");
        assertThat(f.getDataDir()).isEqualTo("/var/lib/presence/nats");
        assertThat(f.getHost()).isEqualTo("127.0.0.2");
        assertThat(f.getClientPort()).isEqualTo(14222);
        assertThat(f.getLeafnodePort()).isEqualTo(17422);
        assertThat(f.getMonitorPort()).isEqualTo(18222);
        assertThat(f.getHubUrls()).containsExactly("nats-leaf://center:7422");
        assertThat(f.getStartupTimeout()).isEqualTo(Duration.seconds(5));
        assertThat(f.getShutdownTimeout()).isEqualTo(Duration.seconds(2));
        assertThat(f.getJetStreamDomain()).isEqualTo("eu");
    }

    @Test
    void externalWithoutUrlsFailsSayingWhatToSet() {
        assertThatThrownBy(() -> parse("embedded: false"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("nats.urls")
                .hasMessageContaining("nats.embedded: true");
    }

    @Test
    void externalWithUrlsIsValidAndConnectsToThem() throws Exception {
        NatsFactory f = parse("{embedded: false, urls: [nats://a:4222, nats://b:4222]}");

        assertThat(f.connectionUrls(null)).containsExactly("nats://a:4222", "nats://b:4222");
        assertThatThrownBy(() -> f.buildServerProcess("center-1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nats.urls");
    }

    @Test
    void portsOutOfRangeAreRejected() {
        NatsFactory f = new NatsFactory();
        f.setClientPort(70000);
        f.setMonitorPort(-1);
        f.setLeafnodePort(65536);

        Set<ConstraintViolation<NatsFactory>> violations = validator.validate(f);

        assertThat(violations).extracting(v -> v.getPropertyPath().toString())
                .containsExactlyInAnyOrder("clientPort", "monitorPort", "leafnodePort");
    }

    @Test
    void blankValuesAndBadDomainAreRejected() {
        NatsFactory f = new NatsFactory();
        f.setServerBinary("");
        f.setDataDir(" ");
        f.setJetStreamDomain("a.b");
        f.setUrls(List.of(""));

        assertThat(validator.validate(f)).extracting(v -> v.getPropertyPath().toString())
                .contains("serverBinary", "dataDir", "jetStreamDomain", "urls[0].<list element>");
    }

    @Test
    void buildsEmbeddedServerFromSettings() {
        NatsFactory f = new NatsFactory();
        f.setDataDir("target/nats-factory-test");
        f.setClientPort(14222);
        f.setMonitorPort(18222);
        f.setLeafnodePort(17422);
        f.setJetStreamDomain("hub2");
        f.setHost("0.0.0.0");
        f.setStartupTimeout(Duration.seconds(3));
        f.setShutdownTimeout(Duration.seconds(1));
        f.setHubUrls(List.of());
        f.setEmbedded(true);

        NatsServerProcess p = f.buildServerProcess("center-1");

        assertThat(p.serverName()).isEqualTo("center-1");
        assertThat(p.dataDir()).isEqualTo(Path.of("target/nats-factory-test").toAbsolutePath().normalize());
        assertThat(p.settings().jetStreamDomain()).isEqualTo("hub2");
        // no leafnode credentials and no TLS: nothing would ask a leaf who it is, so no listener
        assertThat(p.settings().leafnodes()).isEqualTo(new NatsServerSettings.NoLeafnodes());
        // a wildcard listen address is reached through loopback
        assertThat(p.clientUrl()).isEqualTo("nats://127.0.0.1:14222");
        assertThat(p.monitorUrl()).isEqualTo("http://127.0.0.1:18222");
        assertThat(f.connectionUrls(p)).containsExactly("nats://127.0.0.1:14222");
        assertThat(p.isRunning()).isFalse();
        assertThat(p.pid()).isEmpty();
        assertThat(p.restartCount()).isZero();
        assertThat(p.lastExitCode()).isEmpty();
    }

    @Test
    void embeddedNeedsTheServerProcessForItsUrl() {
        assertThatThrownBy(() -> new NatsFactory().connectionUrls(null))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void ephemeralPortsAreKnownOnlyAfterStart() {
        NatsFactory f = new NatsFactory();
        f.setClientPort(0);

        assertThatThrownBy(() -> f.buildServerProcess("c1").clientUrl())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start()");
    }

    @Test
    void aLeafJoinsItsHubsWithItsOwnDomain() throws Exception {
        NatsFactory f = parse("hubUrls: [nats-leaf://center-a:7422, nats-leaf://center-b:7422]\n");
        NatsServerSettings leaf = f.buildLeafServerProcess("leaf-eu").settings();

        assertThat(leaf.jetStreamDomain()).isEqualTo("leaf-eu");
        assertThat(leaf.leafnodes()).isEqualTo(new NatsServerSettings.Remotes(
                List.of("nats-leaf://center-a:7422", "nats-leaf://center-b:7422")));
    }

    @Test
    void aLeafNamedLikeTheHubsDomainIsRefused() throws Exception {
        NatsFactory f = parse("hubUrls: [nats-leaf://center:7422]\n");
        assertThatThrownBy(() -> f.buildLeafServerProcess("hub")).isInstanceOf(IllegalStateException.class)
                .hasMessage("node.id 'hub' is also this leaf's JetStream domain, so it must differ from"
                        + " nats.jetStreamDomain 'hub' (the center's): rename the leaf");
    }

    @Test
    void aLeafWithoutHubUrlsSaysWhatToSet() throws Exception {
        NatsFactory f = parse("{}");
        assertThatThrownBy(() -> f.buildLeafServerProcess("leaf-eu")).hasMessageContaining("nats.hubUrls");
    }

    @Test
    void leafnodeCredentialsGoToTheListenerAndIntoHubUrlsWithoutThem() throws Exception {
        String credentials = """
                leafnodeHost: 0.0.0.0
                leafnodeUser: presence
                leafnodePassword: "s3cr@t/pw"
                """;
        assertThat(parse(credentials).buildServerProcess("center-1").settings().leafnodes())
                .isEqualTo(new NatsServerSettings.Listen("0.0.0.0", 7422, "presence", "s3cr@t/pw"));
        NatsFactory f = parse(credentials + "hubUrls: [nats-leaf://center:7422, nats-leaf://other:secret@center2:7422]\n");
        assertThat(((NatsServerSettings.Remotes) f.buildLeafServerProcess("leaf-1").settings().leafnodes()).urls())
                .containsExactly("nats-leaf://presence:s3cr%40t%2Fpw@center:7422",
                        "nats-leaf://other:secret@center2:7422");
        // A URL's user info, not a form: a space is %20 (nats-server reads a + as a plus), a plus %2B.
        NatsFactory spaced = parse("leafnodeUser: \"leaf user\"\nleafnodePassword: \"pass with space+1\"\n"
                + "hubUrls: [nats-leaf://center:7422]\n");
        assertThat(((NatsServerSettings.Remotes) spaced.buildLeafServerProcess("leaf-1").settings().leafnodes()).urls())
                .containsExactly("nats-leaf://leaf%20user:pass%20with%20space%2B1@center:7422");
    }

    @Test
    void theClientPortStaysOnLoopbackForItTakesNoCredentials() throws Exception {
        for (String host : List.of("0.0.0.0", "10.0.0.5", "::")) {
            assertThatThrownBy(() -> parse("host: \"" + host + "\"\n")).as(host)
                    .isInstanceOf(ConfigurationValidationException.class)
                    .hasMessageContaining("nats.host must be a loopback address");
        }
        assertThat(parse("host: 127.0.0.2\n").getHost()).isEqualTo("127.0.0.2");
        assertThat(parse("embedded: false\nurls: [nats://n1:4222]\nhost: 0.0.0.0\n").getHost()).isEqualTo("0.0.0.0");
    }

    @Test
    void aLeafnodeListenerOffLoopbackNeedsCredentials() {
        assertThatThrownBy(() -> parse("leafnodeHost: 0.0.0.0\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("nats.leafnodeHost must be a loopback address unless");
        assertThatThrownBy(() -> parse("leafnodeUser: presence\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("nats.leafnodeUser and nats.leafnodePassword must be set together");
    }

    /** A URL nats-server would refuse only when it starts (quoting its password) is refused with the config. */
    @Test
    void hubUrlsAndRoutesMustBeUrlsNatsServerTakes() throws Exception {
        for (String url : List.of("not a url", "http://127.0.0.1:7422", "nats-leaf://127.0.0.1:99999",
                "nats-leaf://", "nats-leaf://127.0.0.1:abc", "nats-leaf://u:SeCrEt@127.0.0.1:abc",
                "nats-leaf://bad host:7422")) {
            assertThatThrownBy(() -> parse("hubUrls: [\"" + url + "\"]\n")).as(url)
                    .isInstanceOf(ConfigurationValidationException.class)
                    .hasMessageContaining("nats.hubUrls must be nats-leaf:// URLs")
                    .hasMessageNotContaining("SeCrEt");
        }
        for (String url : List.of("nats-leaf://center:7422", "nats-leaf://u:p@center", "tls://center:7422",
                "wss://center:443")) {
            assertThat(parse("hubUrls: [\"" + url + "\"]\n").getHubUrls()).as(url).containsExactly(url);
        }
        assertThatThrownBy(() -> parse("cluster: {routes: [\"nats-route://r:RoutePw@127.0.0.1:1962x\"]}\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("nats.cluster.routes must be nats-route:// URLs with a host and a port")
                .hasMessageNotContaining("RoutePw");
    }

    /** A size past any machine's is refused as too large, not wrapped round to a number nats-server would take. */
    @Test
    void sizesPastAPebibyteAreRefused() {
        for (String key : List.of("maxFileStore", "maxMemoryStore", "memoryLimit")) {
            for (String size : List.of("9000000TiB", "2PiB")) {
                assertThatThrownBy(() -> parse(key + ": " + size + "\n")).as(key + " " + size)
                        .isInstanceOf(ConfigurationValidationException.class)
                        .hasMessageContaining(key + " must be less than or equal to 1 PEBIBYTES");
            }
            // More bytes than a long holds: refused as too large, not called smaller than the least.
            assertThatThrownBy(() -> parse(key + ": 100000000000PiB\n")).as(key)
                    .isInstanceOf(ConfigurationValidationException.class)
                    .hasMessageContaining("nats.maxMemoryStore, nats.maxFileStore and nats.memoryLimit must each be at"
                            + " most 1 PiB");
        }
    }

    @Test
    void aMisspeltLeafnodeKeyIsRefused() {
        // Parsed as the application does: Dropwizard's configuration mapper fails on unknown keys.
        ConfigurationFactory<NatsFactory> strict = new DefaultConfigurationFactoryFactory<NatsFactory>()
                .create(NatsFactory.class, validator, Jackson.newObjectMapper(), "dw");
        byte[] yamlText = "leafnodeHots: 0.0.0.0\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> strict.build(path -> new ByteArrayInputStream(yamlText), "nats.yml"))
                .isInstanceOf(ConfigurationParsingException.class)
                .hasMessageContaining("Unrecognized field at: leafnodeHots");
    }

    @Test
    void aCenterListensForLeavesOnlyWhenItAsksThemForCredentialsOrACertificate(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assertThat(parse("leafnodePort: 17422\n").buildServerProcess("center-1").settings().leafnodes())
                .isEqualTo(new NatsServerSettings.NoLeafnodes());
        assertThat(parse("leafnodePort: 17422\nleafnodeUser: presence\nleafnodePassword: pw\n")
                .buildServerProcess("center-1").settings().leafnodes())
                .isEqualTo(new NatsServerSettings.Listen("127.0.0.1", 17422, "presence", "pw"));
        java.nio.file.Path pem = java.nio.file.Files.writeString(dir.resolve("a.pem"), "");
        assertThat(parse("leafnodePort: 17422\ntls:\n  certFile: " + pem + "\n  keyFile: " + pem + "\n  caFile: "
                + pem + "\n").buildServerProcess("center-1").settings().leafnodes())
                .isEqualTo(new NatsServerSettings.Listen("127.0.0.1", 17422));
    }

    @Test
    void emptySubstitutedCredentialsMeanNone() throws Exception {
        NatsFactory f = parse("leafnodeUser: \"\"\nleafnodePassword: \"\"\n");
        assertThat(f.getLeafnodeUser()).isNull();
        assertThat(f.getLeafnodePassword()).isNull();
        assertThat(f.getLeafnodeHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void tlsNeedsAllThreeFilesAndACaThatHoldsACertificate(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        assertThatThrownBy(() -> parse("tls:\n  certFile: a.crt\n"))
                .hasMessageContaining("tls.keyFile").hasMessageContaining("tls.caFile");
        java.nio.file.Path empty = java.nio.file.Files.writeString(dir.resolve("empty.pem"), "");
        java.nio.file.Path cert = java.nio.file.Files.writeString(dir.resolve("a.crt"), "");
        java.nio.file.Path key = java.nio.file.Files.writeString(dir.resolve("a.key"), "");
        NatsFactory f = parse("tls:\n  certFile: " + cert + "\n  keyFile: " + key + "\n  caFile: " + empty + "\n");
        assertThat(f.getTls().settings().caFile()).isEqualTo(empty);
        f.getTls().setKeyFile(dir.resolve("gone.key").toString());
        assertThatThrownBy(() -> f.getTls().settings()).hasMessage("nats.tls.keyFile " + dir.resolve("gone.key")
                + " does not exist");
        f.getTls().setKeyFile(key.toString());
        assertThatThrownBy(f::connectionSslContext).hasMessageContaining("no certificate");
        f.getTls().setCaFile(dir.resolve("missing.pem").toString());
        assertThatThrownBy(f::connectionSslContext).hasMessageContaining("cannot read nats.tls.caFile");
        java.nio.file.Path junk = java.nio.file.Files.writeString(dir.resolve("junk.pem"),
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        f.getTls().setCaFile(junk.toString());
        assertThatThrownBy(f::connectionSslContext).hasMessageContaining("not a PEM certificate");
        assertThat(parse("{}").connectionSslContext()).isNull();
    }
}
