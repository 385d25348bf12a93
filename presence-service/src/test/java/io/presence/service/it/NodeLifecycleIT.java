package io.presence.service.it;

import static io.presence.service.testing.TestNode.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatcher;
import io.presence.api.Presence;
import io.presence.api.PresenceStatus;
import io.presence.service.nats.NatsServerProcess;
import io.presence.service.nats.NatsServerSettings;
import io.presence.service.testing.ForkedNode;
import io.presence.service.testing.FreePorts;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.TestNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Expiry, restarts and crashes of a real center node and its embedded nats-server. */
class NodeLifecycleIT {

    @RegisterExtension
    final NodesExtension nodes = new NodesExtension();

    /** A forked center, not started, whose config's logging section is {@code logging} (the lines below "logging:"). */
    private ForkedNode forkedLogging(String logging) throws IOException {
        ForkedNode node = nodes.center().forked();
        Path config = node.config().configFile();
        Files.writeString(config, Files.readString(config).replace("logging:\n  level: WARN\n", "logging:\n" + logging));
        return node;
    }

    private static long natsPid(TestNode node) throws Exception {
        return Long.parseLong(Files.readString(node.dataDir().resolve("nats-server.pid")).trim());
    }

    @Test
    void lapsedStatusIsWrittenAsOfflineAndSeenByAWatcher() throws Exception {
        TestNode node = nodes.center().start();
        List<KeyValueEntry> seen = new CopyOnWriteArrayList<>();
        Connection nats = nodes.closeAfter(Nats.connect(node.natsUrl()));
        KeyValue kv = nats.keyValue("presence");
        kv.watch("ttl-user", new KeyValueWatcher() {
            @Override
            public void watch(KeyValueEntry entry) {
                seen.add(entry);
            }

            @Override
            public void endOfData() {
            }
        });

        Presence online = read(node.put("ttl-user", "{\"status\":\"online\",\"ttlSeconds\":1}"), Presence.class);

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.stream()
                .anyMatch(e -> e.getValueAsString().contains("\"status\":\"offline\"")));
        Presence offline = read(node.get("/api/v2/presence/ttl-user"), Presence.class);
        assertThat(offline.status()).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(offline.lastSeen()).isEqualTo(online.lastSeen());
        assertThat(offline.revision()).isGreaterThan(online.revision());
        assertThat(offline.updatedAt()).isAfterOrEqualTo(online.expiresAt());
        assertThat(offline.updatedAt().getNano() % 1_000_000).as("stamped in whole milliseconds").isZero();
        assertThat(offline.expiresAt()).as("a lapsed status says when it lapsed").isEqualTo(online.expiresAt());
        assertThat(offline.ttlSeconds()).isEqualTo(1L);
    }

    @Test
    void aRestartedNodeKeepsEveryAcknowledgedWrite() {
        TestNode node = nodes.center().start();
        for (int i = 0; i < 50; i++) {
            assertThat(node.put("keep-" + i, "{\"status\":\"busy\",\"ttlSeconds\":3600}").statusCode()).isEqualTo(200);
        }
        node.stop();

        node.start();
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> get = node.get("/api/v2/presence/keep-" + i);
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(read(get, Presence.class).status()).isEqualTo(PresenceStatus.BUSY);
        }
    }

    /** nats.maxFileStore bounds the disk: past it JetStream refuses a write, which is then not acknowledged. */
    @Test
    void aFullFileStoreRefusesWritesWithA503AndKeepsEveryAcknowledgedOne() {
        TestNode node = nodes.centerWithNats("maxFileStore: 1MiB").start();
        String message = "x".repeat(200);
        List<String> acknowledged = new ArrayList<>();
        HttpResponse<String> refused = null;
        for (int i = 0; i < 20_000 && refused == null; i++) {
            HttpResponse<String> put = node.put("full-" + i, "{\"status\":\"busy\",\"message\":\"" + message + "\"}");
            if (put.statusCode() == 200) {
                acknowledged.add("full-" + i);
            } else {
                refused = put;
            }
        }

        assertThat(refused).as("a write past 1 MiB of file store").isNotNull();
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(acknowledged).hasSizeGreaterThan(1000);
        for (String user : acknowledged) {
            assertThat(node.get("/api/v2/presence/" + user).statusCode()).as(user).isEqualTo(200);
        }
    }

    @Test
    void aKilledNatsServerIsRestartedAndWritesResume() throws Exception {
        TestNode node = nodes.center().start();
        assertThat(node.put("crash-user", "{\"status\":\"online\"}").statusCode()).isEqualTo(200);
        long firstPid = natsPid(node);

        ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();

        // Reads keep working from the cache while NATS is down.
        assertThat(node.get("/api/v2/presence/crash-user").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                node.put("crash-user", "{\"status\":\"away\"}").statusCode() == 200);
        assertThat(natsPid(node)).isNotEqualTo(firstPid);
        assertThat(read(node.get("/api/v2/presence/crash-user"), Presence.class).status())
                .isEqualTo(PresenceStatus.AWAY);

        // The re-established watch delivers writes made elsewhere (here: straight into KV) promptly,
        // not after jnats' 15-19 s heartbeat recovery.
        Connection nats = nodes.closeAfter(Nats.connect(node.natsUrl()));
        Presence current = read(node.get("/api/v2/presence/crash-user"), Presence.class);
        nats.keyValue("presence").put("crash-user", TestNode.JSON.writeValueAsBytes(
                new Presence("crash-user", PresenceStatus.BUSY, "from elsewhere", current.lastSeen(),
                        current.updatedAt(), current.expiresAt(), current.ttlSeconds(), "other-node", 0)));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                read(node.get("/api/v2/presence/crash-user"), Presence.class).status() == PresenceStatus.BUSY);
    }

    @Test
    void usesAnExternalNatsServerWhenNotEmbedded() throws Exception {
        NatsServerProcess external = nodes.natsServer(new NatsServerSettings("external", "127.0.0.1",
                FreePorts.next(), FreePorts.next(), nodes.dir("external"), "hub",
                new NatsServerSettings.Listen("127.0.0.1", FreePorts.next())));

        TestNode node = nodes.centerOnExternalNats(external.clientUrl()).start();
        assertThat(node.put("ext-user", "{\"status\":\"away\"}").statusCode()).isEqualTo(200);
        assertThat(Files.exists(node.dataDir())).isFalse();

        Connection nats = nodes.closeAfter(Nats.connect(external.clientUrl()));
        assertThat(nats.keyValue("presence").get("ext-user").getValueAsString()).contains("\"status\":\"away\"");
    }

    /**
     * A JVM killed with SIGKILL can stop nothing itself: the kernel stops its nats-server (the parent death signal),
     * which otherwise went on serving until it next logged a line into the dead JVM's pipe. The node that starts next
     * on the same data serves what the killed one acknowledged.
     */
    @Test
    void aNodeWhoseJvmIsKilledTakesItsNatsServerWithItAndItsDataStays() throws Exception {
        ForkedNode forked = nodes.center().fork();
        HttpResponse<String> put = forked.put("survivor", "{\"status\":\"online\",\"ttlSeconds\":3600}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        ProcessHandle server = ProcessHandle.of(forked.natsPid()).orElseThrow();
        nodes.closeAfter(server::destroyForcibly);

        forked.killJvm();
        await().atMost(Duration.ofSeconds(10)).until(() -> !server.isAlive());

        // The same directory, so the same nats.dataDir.
        TestNode restarted = nodes.center().start();
        assertThat(read(restarted.get("/api/v2/presence/survivor"), Presence.class).status())
                .isEqualTo(PresenceStatus.ONLINE);
    }

    /**
     * Ctrl-C reaches every process of the terminal's job, as SIGTERM to a process group does; nats-server runs in a
     * session of its own, so the node stops it in its turn, and a clean stop reads as one: no restart, no warning,
     * no error.
     */
    @Test
    void aSignalToTheNodesWholeJobStopsItCleanly() throws Exception {
        ForkedNode forked = forkedLogging("  level: WARN\n  loggers:\n    io.presence.service.nats.NatsServerProcess: INFO\n")
                .start();
        HttpResponse<String> put = forked.put("ctrl-c", "{\"status\":\"online\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        ProcessHandle server = ProcessHandle.of(forked.natsPid()).orElseThrow();

        assertThat(forked.signalJob()).as(forked.log()).isEqualTo(143);

        await().atMost(Duration.ofSeconds(10)).until(() -> !server.isAlive());
        assertThat(forked.log()).contains("nats-server stopped").contains("forced=false")
                .doesNotContain("exited unexpectedly").doesNotContain("restarted")
                .doesNotContainPattern("(?m)^(ERROR|WARN) ");
    }

    /** A node told to stop while it starts stops its nats-server too, which its signal does not reach. */
    @Test
    void aNodeStoppedWhileItStartsLeavesNoNatsServerBehind() throws Exception {
        ForkedNode forked = forkedLogging("  level: WARN\n  loggers:\n    io.presence.service.nats.NatsServerProcess: INFO\n");
        forked.launch();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> forked.log().contains("nats-server ready"));
        ProcessHandle server = ProcessHandle.of(forked.natsPid()).orElseThrow();
        nodes.closeAfter(server::destroyForcibly);

        forked.stopGracefully();

        await().atMost(Duration.ofSeconds(15)).until(() -> !server.isAlive());
    }

    /** Any local process may reach the loopback client port: only one that may read the node's data dir gets in. */
    @Test
    void theEmbeddedClientPortTakesOnlyClientsWithTheDataDirsToken() throws Exception {
        ForkedNode forked = forkedLogging("  level: INFO\n").start();
        HttpResponse<String> put = forked.put("guarded", "{\"status\":\"busy\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        String withToken = forked.config().natsUrl();
        String token = withToken.substring("nats://presence:".length(), withToken.indexOf('@'));
        String bare = withToken.replace("presence:" + token + "@", "");
        assertThatThrownBy(() -> Nats.connect(bare).close()).as("no token").hasMessageContaining("Authorization");
        assertThatThrownBy(() -> Nats.connect(withToken.replace(token, "x" + token)).close()).as("a wrong token")
                .hasMessageContaining("Authorization");
        try (Connection nats = Nats.connect(withToken)) {
            assertThat(nats.keyValue("presence").get("guarded").getValueAsString()).contains("busy");
        }
        assertThat(Files.getPosixFilePermissions(forked.config().dataDir().resolve("client.token")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(forked.log()).contains("nats-server ready").doesNotContain(token);
        // One line per event at INFO too: not Dropwizard's listings of the API's paths and the admin tasks.
        assertThat(forked.log()).doesNotContain("The following paths were found", "tasks =")
                .doesNotContainPattern("(?m)^\\s+(GET|POST|PUT|DELETE)\\s");
        // The monitoring port asks for nothing: it names the node's connection by its user alone.
        String monitor = forked.config().natsMonitorUrl();
        HttpResponse<String> connections = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(monitor + "/connz?auth=true")).build(), BodyHandlers.ofString());
        assertThat(connections.body()).contains("\"authorized_user\": \"presence\"").doesNotContain(token);
    }

    @Test
    void aStartingNodeAcceptsNoConnectionBeforeItCanAnswer() throws Exception {
        ForkedNode node = forkedLogging("  level: WARN\n  loggers:\n    io.presence.service.store.KvWatch: INFO\n");
        int port = node.uri("/").getPort();
        node.launch();

        // A port that listens while the node still starts has the kernel accept connections nobody answers
        // (a load balancer sees a hang): the first connection it takes must find the cache loaded.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(2)).until(() -> accepts(port));
        assertThat(node.log()).as("the port accepted a connection before the node could answer")
                .contains("kv watch snapshot loaded");
        node.awaitReady();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return socket.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    /** A configuration the node refuses exits 78, which the package's unit does not restart into again. */
    @Test
    void aRefusedConfigurationSaysWhatToChangeAndExits78() throws Exception {
        ForkedNode node = nodes.center().forked();
        Path config = node.config().configFile();
        Files.writeString(config, Files.readString(config).replace("  clientPort:", "  host: 0.0.0.0\n  clientPort:"));
        ForkedNode.Exited exited = node.runUntilExit();

        assertThat(exited.code()).as(exited.output()).isEqualTo(78);
        assertThat(exited.output()).contains("nats.host must be a loopback address").doesNotContain("\tat ");
    }

    @Test
    void aNodeWhoseHttpPortIsTakenSaysSoInOneLineAndLeavesNoNatsServerBehind() throws Exception {
        ForkedNode node = nodes.center().forked();
        int appPort = node.uri("/").getPort();
        try (ServerSocket taken = new ServerSocket(appPort, 1, InetAddress.getLoopbackAddress())) {
            ForkedNode.Exited exited = node.runUntilExit();

            assertThat(exited.code()).as(exited.output()).isNotZero();
            assertThat(exited.output()).containsPattern("presence: Failed to bind to .*:" + appPort
                    + ": the address is in use; stop what listens there, or change the port")
                    .doesNotContain("Unable to start server", "java.net.BindException");
            assertThat(natsServersOn(node.config().dataDir())).as(exited.output()).isEmpty();
        }
    }

    @Test
    void aSecondNodeOnARunningNodesDataDirIsRefusedAndLeavesItsNatsServerAlone() throws Exception {
        TestNode running = nodes.center().start();
        long natsPid = Long.parseLong(Files.readString(running.dataDir().resolve("nats-server.pid")).trim());
        // Same dir, so the same nats.dataDir; its own HTTP port, and nats ports chosen afresh.
        ForkedNode sameDataDir = nodes.center().forked();

        ForkedNode.Exited exited = sameDataDir.runUntilExit();

        assertThat(exited.code()).as(exited.output()).isNotZero();
        assertThat(exited.output()).contains("presence: nats.dataDir " + running.dataDir()
                + " is in use by another running node");
        assertThat(ProcessHandle.of(natsPid).map(ProcessHandle::isAlive)).hasValue(true);
        assertThat(running.put("still-here", "{\"status\":\"online\"}").statusCode()).isEqualTo(200);
    }

    /** Live nats-server processes whose config is in {@code dataDir}. */
    private static List<ProcessHandle> natsServersOn(Path dataDir) {
        String config = dataDir.resolve("nats-server.conf").toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(config)).toList();
    }
}
