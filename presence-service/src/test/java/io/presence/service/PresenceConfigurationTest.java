package io.presence.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.ConfigurationParsingException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.presence.api.PresenceUpdate;
import io.presence.service.config.EnvironmentSourceProvider;
import io.presence.service.config.NodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresenceConfigurationTest {

    private final YamlConfigurationFactory<PresenceConfiguration> factory = new YamlConfigurationFactory<>(
            PresenceConfiguration.class, Validators.newValidator(), applicationMapper(), "dw");
    private final ConfigurationSourceProvider files = new EnvironmentSourceProvider(
            new FileConfigurationSourceProvider());

    /** The mapper the application parses its configuration with. */
    private static ObjectMapper applicationMapper() {
        return initialized().getObjectMapper();
    }

    /** A bootstrap the application initialized, as {@code server} has it. */
    private static Bootstrap<PresenceConfiguration> initialized() {
        PresenceApplication application = new PresenceApplication();
        Bootstrap<PresenceConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        return bootstrap;
    }

    /** The factory the application reads its configuration files with (not {@link #factory}'s plain one). */
    private static ConfigurationFactory<PresenceConfiguration> applicationFactory(
            Bootstrap<PresenceConfiguration> bootstrap) {
        return bootstrap.getConfigurationFactoryFactory().create(PresenceConfiguration.class,
                Validators.newValidator(), bootstrap.getObjectMapper(), "dw");
    }

    @Test
    void defaultsAloneMakeAValidCenter() throws Exception {
        // What `server` without a config file runs on.
        PresenceConfiguration config = factory.build();
        assertThat(config.getNode().getType()).isEqualTo(NodeFactory.Type.CENTER);
        assertThat(config.getNode().getId()).isEqualTo("center-1");
        assertThat(config.getNats().isEmbedded()).isTrue();
        assertThat(config.getKv().getBucket()).isEqualTo("presence");
        assertThat(config.getKv().getReplicas()).isEqualTo(1);
        assertThat(config.getCache().getMaximumSize()).isEqualTo(1_000_000);
        assertThat(config.getPresence().getDefaultTtl().toSeconds()).isEqualTo(300);
        assertThat(config.getStream().getMaxStreams()).isEqualTo(10_000);
        assertThat(config.getStream().getHeartbeatInterval().toSeconds()).isEqualTo(15);
        assertThat(config.getStream().getSubscriberQueueSize()).isEqualTo(256);
        assertThat(config.getStream().getWriterThreads()).isEqualTo(2);
        assertThat(config.getAuth().isPublicReads()).isTrue();
    }

    @Test
    void dropwizardOverridesMayGiveNumbersAndBooleansAsTextWhileBodiesStayStrict() throws Exception {
        Bootstrap<PresenceConfiguration> bootstrap = initialized();
        System.setProperty("dw.server.maxThreads", "32");
        System.setProperty("dw.server.gzip.enabled", "true");
        PresenceConfiguration config;
        try {
            config = applicationFactory(bootstrap).build(files, Path.of("../config/center.yml").toString());
        } finally {
            System.clearProperty("dw.server.maxThreads");
            System.clearProperty("dw.server.gzip.enabled");
        }

        DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
        assertThat(server.getMaxThreads()).isEqualTo(32);
        assertThat(server.getGzipFilterFactory().isEnabled()).isTrue();
        assertThatThrownBy(() -> bootstrap.getObjectMapper().readValue(
                "{\"status\":\"online\",\"ttlSeconds\":\"60\"}", PresenceUpdate.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void yamlNumbersMayFillTextSettingsWhileBodiesStayStrict(@TempDir Path dir) throws Exception {
        Bootstrap<PresenceConfiguration> bootstrap = initialized();
        Path file = dir.resolve("numeric-id.yml");
        Files.writeString(file, "node:\n  id: 42\n");

        PresenceConfiguration config = applicationFactory(bootstrap).build(files, file.toString());

        assertThat(config.getNode().getId()).isEqualTo("42");
        assertThatThrownBy(() -> bootstrap.getObjectMapper().readValue(
                "{\"status\":\"online\",\"message\":42}", PresenceUpdate.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void anUnknownNodeTypeIsRefusedNamingTheTypesThereAre(@TempDir Path dir) throws Exception {
        Bootstrap<PresenceConfiguration> bootstrap = initialized();
        Path file = Files.writeString(dir.resolve("hub.yml"), "node:\n  type: hub\n");

        assertThatThrownBy(() -> applicationFactory(bootstrap).build(files, file.toString()))
                .isInstanceOf(ConfigurationParsingException.class)
                .hasMessageContaining("node.type; 'hub' is not one of the values accepted for Enum class: [center, leaf]")
                .hasMessageNotContaining("UNKNOWN");
    }

    @Test
    void aKeyGivenTwiceIsRefusedNamingItAndItsLine(@TempDir Path dir) throws Exception {
        Bootstrap<PresenceConfiguration> bootstrap = initialized();
        Path twice = Files.writeString(dir.resolve("twice.yml"), "node:\n  type: center\n  id: a\n  type: leaf\n");
        Path once = Files.writeString(dir.resolve("once.yml"), "node:\n  type: center\n  id: a\n"
                + "cache:\n  maximumSize: 1000\n");

        assertThatThrownBy(() -> applicationFactory(bootstrap).build(files, twice.toString()))
                .isInstanceOf(ConfigurationParsingException.class)
                .hasMessageContaining("Duplicate field 'type'")
                .hasMessageContaining("line: 4");
        PresenceConfiguration config = applicationFactory(bootstrap).build(files, once.toString());
        assertThat(config.getNode().getId()).isEqualTo("a");
        assertThat(config.getCache().getMaximumSize()).isEqualTo(1000);
    }

    @Test
    void theExampleCenterConfigIsValid() throws Exception {
        // The application's factory: every ${VAR} is a string, which a number or boolean setting reads as one.
        PresenceConfiguration config = applicationFactory(initialized()).build(files,
                Path.of("../config/center.yml").toString());
        assertThat(config.getNats().getClientPort()).isEqualTo(4222);
        assertThat(config.getPresence().getMaxTtl().toHours()).isEqualTo(24);
        assertThat(config.getAuth().getClockSkew().toSeconds()).isEqualTo(30);
        assertThat(config.getAuth().isPublicReads()).isTrue();
        assertThat(config.getStream().getMaxStreams()).isEqualTo(10_000);
        assertThat(config.getStream().getSubscriberQueueSize()).isEqualTo(256);
        assertThat(maxRequestHeaderKiB(config)).as("1000 users of 50 characters in a URL").isEqualTo(64);
    }

    private static long maxRequestHeaderKiB(PresenceConfiguration config) {
        DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
        return ((HttpConnectorFactory) server.getApplicationConnectors().get(0)).getMaxRequestHeaderSize().toKibibytes();
    }

    @Test
    void theExampleLeafConfigIsValid() throws Exception {
        PresenceConfiguration config = applicationFactory(initialized()).build(files,
                Path.of("../config/leaf.yml").toString());
        assertThat(config.getNode().getType()).isEqualTo(NodeFactory.Type.LEAF);
        assertThat(config.getNats().getHubUrls()).isNotEmpty();
        assertThat(config.getNats().getJetStreamDomain()).isEqualTo("hub");
        assertThat(maxRequestHeaderKiB(config)).isEqualTo(64);
        assertThat(config.getAuth().isPublicReads()).isTrue();
    }

    /** Dropwizard reads a level it does not know as INFO, without a word: a typo must not log other than asked. */
    @Test
    void aLogLevelLogbackDoesNotHaveIsRefused(@TempDir Path dir) throws Exception {
        for (String logging : List.of("logging:\n  level: LOUD\n",
                "logging:\n  loggers:\n    io.presence: DEBG\n",
                "logging:\n  loggers:\n    io.presence:\n      level: verbose\n")) {
            Path file = Files.writeString(dir.resolve("bad.yml"), logging);
            assertThatThrownBy(() -> factory.build(files, file.toString())).as(logging)
                    .isInstanceOf(ConfigurationValidationException.class)
                    .hasMessageContaining("logging.level and every level under logging.loggers must be one of OFF, "
                            + "ERROR, WARN, INFO, DEBUG, TRACE or ALL");
        }
        Path good = Files.writeString(dir.resolve("good.yml"), "logging:\n  level: warn\n  loggers:\n"
                + "    io.presence: DEBUG\n    org.eclipse.jetty: OFF\n    io.nats:\n      additive: false\n");
        assertThat(factory.build(files, good.toString()).isEveryLogLevelKnown()).isTrue();
    }

    @Test
    void readsMayBeMadePrivate(@TempDir Path dir) throws Exception {
        Path privateReads = Files.writeString(dir.resolve("p.yml"), "auth:\n  publicReads: false\n");
        assertThat(factory.build(files, privateReads.toString()).getAuth().isPublicReads()).isFalse();
    }

    @Test
    void rejectsRistrettoKnobsAndInconsistentTtls(@TempDir Path dir) throws Exception {
        Path ristretto = Files.writeString(dir.resolve("r.yml"), "cache:\n  max_cost: 100\n");
        assertThatThrownBy(() -> factory.build(files, ristretto.toString()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("max_cost");

        Path ttl = Files.writeString(dir.resolve("t.yml"), "presence:\n  minTtl: 10m\n  defaultTtl: 5m\n");
        assertThatThrownBy(() -> factory.build(files, ttl.toString()))
                .isInstanceOf(ConfigurationValidationException.class).hasMessageContaining("minTtl <= defaultTtl");

        Path longer = Files.writeString(dir.resolve("l.yml"), "presence:\n  maxTtl: 25h\n");
        assertThatThrownBy(() -> factory.build(files, longer.toString()))
                .as("openapi.yaml promises every node refuses more than 86400 s")
                .isInstanceOf(ConfigurationValidationException.class).hasMessageContaining("presence.maxTtl");

        Path node = Files.writeString(dir.resolve("n.yml"), "node:\n  type: hub\n");
        assertThatThrownBy(() -> factory.build(files, node.toString()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("type");

        Path stream = Files.writeString(dir.resolve("s.yml"), "stream:\n  subscriberQueueSize: 0\n");
        assertThatThrownBy(() -> factory.build(files, stream.toString()))
                .isInstanceOf(ConfigurationValidationException.class).hasMessageContaining("subscriberQueueSize");
    }

    /** Bounds past which a setting would quietly stop the node doing its job (a lapse written a month late). */
    @Test
    void refusesSettingsPastTheirUpperBounds(@TempDir Path dir) throws Exception {
        Map<String, String> refused = Map.of(
                "kv:\n  timeout: 100d\n", "kv.timeout",
                "presence:\n  expiryCheckInterval: 30d\n", "presence.expiryCheckInterval",
                "stream:\n  writerThreads: 100000\n", "stream.writerThreads",
                "presence:\n  minTtl: 1500ms\n", "must be whole seconds");
        int i = 0;
        for (Map.Entry<String, String> yaml : refused.entrySet()) {
            Path file = Files.writeString(dir.resolve("b" + i++ + ".yml"), yaml.getKey());
            assertThatThrownBy(() -> factory.build(files, file.toString())).as(yaml.getKey())
                    .isInstanceOf(ConfigurationValidationException.class).hasMessageContaining(yaml.getValue());
        }
    }

    /** Two of the node's own listeners on one port: refused naming the settings, not a bind error at start. */
    @Test
    void listenersSharingAPortAreRefused(@TempDir Path dir) throws Exception {
        Path natsOnHttp = Files.writeString(dir.resolve("p.yml"), "nats:\n  clientPort: 8080\n");
        assertThatThrownBy(() -> factory.build(files, natsOnHttp.toString()))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("server.applicationConnectors[0] listens on port 8080, as nats.clientPort does; "
                        + "give each its own");

        Path adminOnMonitor = Files.writeString(dir.resolve("m.yml"), """
                nats:
                  monitorPort: 9000
                server:
                  adminConnectors:
                    - type: http
                      bindHost: 127.0.0.1
                      port: 9000
                """);
        assertThatThrownBy(() -> factory.build(files, adminOnMonitor.toString()))
                .hasMessageContaining("server.adminConnectors[0] listens on port 9000, as nats.monitorPort does");

        Path otherHosts = Files.writeString(dir.resolve("o.yml"), """
                nats:
                  host: 127.0.0.1
                  clientPort: 9000
                server:
                  adminConnectors:
                    - type: http
                      bindHost: 10.1.2.3
                      port: 9000
                """);
        assertThat(factory.build(files, otherHosts.toString()).getNats().getClientPort())
                .as("one port on two addresses").isEqualTo(9000);

        Path external = Files.writeString(dir.resolve("e.yml"), """
                nats:
                  embedded: false
                  urls: [nats://nats-1:4222]
                  clientPort: 8080
                """);
        assertThat(factory.build(files, external.toString()).getNats().isEmbedded())
                .as("no embedded nats-server listens").isFalse();
    }

    @Test
    void aHeartbeatSlowerThanTheIdleTimeoutIsRefused(@TempDir Path dir) throws Exception {
        Path slow = Files.writeString(dir.resolve("h.yml"), "stream:\n  heartbeatInterval: 60s\n");
        assertThatThrownBy(() -> factory.build(files, slow.toString()))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("stream.heartbeatInterval must be shorter than the idleTimeout");

        Path longerIdle = Files.writeString(dir.resolve("i.yml"), """
                stream:
                  heartbeatInterval: 60s
                server:
                  applicationConnectors:
                    - type: http
                      port: 8080
                      idleTimeout: 90s
                """);
        assertThat(factory.build(files, longerIdle.toString()).getStream().getHeartbeatInterval().toSeconds())
                .isEqualTo(60);
    }

    private static final String CLUSTER = """
            node: { type: center, id: c1 }
            nats:
              cluster:
                host: %s
                port: 6222
                routes: [nats-route://c1:6222, nats-route://c2:6222, nats-route://c3:6222]
                %s
            kv: { replicas: %d }
            """;

    @Test
    void aClusterOfThreeCentersWithCredentialsIsValid(@TempDir Path dir) throws Exception {
        Path ok = Files.writeString(dir.resolve("c.yml"),
                CLUSTER.formatted("0.0.0.0", "user: ru\n    password: s3cret", 3));

        PresenceConfiguration config = factory.build(files, ok.toString());

        assertThat(config.getNats().isClustered()).isTrue();
        assertThat(config.getNats().getCluster().settings().routes())
                .containsExactly("nats-route://ru:s3cret@c1:6222", "nats-route://ru:s3cret@c2:6222",
                        "nats-route://ru:s3cret@c3:6222");
    }

    @Test
    void aClusterThatCouldLoseDataOrLeakIsRefused(@TempDir Path dir) throws Exception {
        Map<String, String> refused = Map.of(
                CLUSTER.formatted("0.0.0.0", "", 3), "nats.cluster.host must be a loopback address unless",
                CLUSTER.formatted("127.0.0.1", "user: ru", 3), "nats.cluster.user and nats.cluster.password must be set",
                CLUSTER.formatted("127.0.0.1", "", 1), "kv.replicas must be at least 2",
                CLUSTER.formatted("127.0.0.1", "", 5), "kv.replicas is more than the servers nats.cluster.routes names",
                CLUSTER.formatted("127.0.0.1", "routes: [c2:6222]", 3), "nats-route:// URLs",
                "kv: { replicas: 3 }\n", "kv.replicas above 1 needs several NATS servers",
                CLUSTER.formatted("127.0.0.1", "", 3).replace("type: center", "type: leaf"),
                "nats.cluster joins the embedded nats-servers of centers",
                CLUSTER.formatted("127.0.0.1", "", 3).replace("nats:\n", "nats:\n  embedded: false\n  urls: [nats://n1:4222]\n"),
                "nats.cluster joins the embedded nats-servers of centers",
                CLUSTER.formatted("127.0.0.1", "", 3).replace("nats:\n", "nats:\n  clientPort: 6222\n"),
                "listens on port 6222");
        int i = 0;
        for (Map.Entry<String, String> e : refused.entrySet()) {
            Path file = Files.writeString(dir.resolve("r" + i++ + ".yml"), e.getKey());
            assertThatThrownBy(() -> factory.build(files, file.toString()))
                    .as(e.getKey()).isInstanceOf(ConfigurationValidationException.class)
                    .hasMessageContaining(e.getValue());
        }
    }

    @Test
    void noReplicasAtAllIsRefusedForWhatItIs(@TempDir Path dir) throws Exception {
        Path zero = Files.writeString(dir.resolve("zero.yml"), "kv: { replicas: 0 }\n");

        assertThatThrownBy(() -> factory.build(files, zero.toString()))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("kv.replicas must be greater than or equal to 1")
                .hasMessageNotContaining("above 1");
    }

    @Test
    void anExternalClusterMayHoldReplicasWithoutRoutesOfItsOwn(@TempDir Path dir) throws Exception {
        Path external = Files.writeString(dir.resolve("x.yml"),
                "nats:\n  embedded: false\n  urls: [nats://n1:4222, nats://n2:4222]\nkv: { replicas: 3 }\n");

        assertThat(factory.build(files, external.toString()).getKv().getReplicas()).isEqualTo(3);
    }

    @Test
    void aProxyHeaderIsBelievedOnlyFromListedProxies(@TempDir Path dir) throws Exception {
        Path unlisted = Files.writeString(dir.resolve("u.yml"), "rateLimit:\n  trustedProxyHeader: X-Forwarded-For\n");
        assertThatThrownBy(() -> factory.build(files, unlisted.toString()))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("rateLimit.trustedProxyHeader is believed only from rateLimit.trustedProxies");

        Path malformed = Files.writeString(dir.resolve("m.yml"),
                "rateLimit:\n  trustedProxyHeader: X-Forwarded-For\n  trustedProxies: [10.0.0.1, 10.0.0.0/99]\n");
        assertThatThrownBy(() -> factory.build(files, malformed.toString()))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("rateLimit.trustedProxies[1]")
                .hasMessageContaining("is not an address or range: use e.g. 192.168.1.10, 10.0.0.0/8 or ::1")
                .hasMessageNotContaining("trustedProxies[0]");

        Path listed = Files.writeString(dir.resolve("l.yml"),
                "rateLimit:\n  trustedProxyHeader: X-Forwarded-For\n  trustedProxies: [10.0.0.0/8, \"::1\"]\n");
        assertThat(factory.build(files, listed.toString()).getRateLimit().getTrustedProxies()).hasSize(2);
    }
}
