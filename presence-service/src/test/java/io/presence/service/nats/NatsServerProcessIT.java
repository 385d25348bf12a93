package io.presence.service.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.presence.service.testing.NodesExtension;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class NatsServerProcessIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Starts no node: it captures the warnings these tests provoke, which are printed only when one fails. */
    @RegisterExtension
    final NodesExtension logs = new NodesExtension();

    @TempDir
    Path dataDir;

    private final TestProcesses processes = new TestProcesses();

    @AfterEach
    void stopChildren() throws Exception {
        processes.stopAll();
    }

    private NatsServerProcess server(NatsServerSettings settings) {
        return processes.track(NatsServerProcess.builder()
                .settings(settings)
                .startupTimeout(Duration.ofSeconds(15))
                .shutdownTimeout(Duration.ofSeconds(5))
                .restartDelay(Duration.ofMillis(100), Duration.ofSeconds(1))
                .build());
    }

    private NatsServerProcess ephemeralServer() {
        return server(TestProcesses.settings(dataDir, 0, 0, 0));
    }

    private static void put(String url, String key, String value) throws Exception {
        try (Connection nc = Nats.connect(url)) {
            if (!nc.keyValueManagement().getBucketNames().contains("t")) {
                nc.keyValueManagement().create(KeyValueConfiguration.builder()
                        .name("t").storageType(StorageType.File).build());
            }
            nc.keyValue("t").put(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String get(String url, String key) throws Exception {
        try (Connection nc = Nats.connect(url)) {
            KeyValue kv = nc.keyValue("t");
            return kv.get(key).getValueAsString();
        }
    }

    @Test
    void startsHealthyServerThatStoresKeyValuesAndStopsWithSigint() throws Exception {
        int client = TestProcesses.freePort();
        int monitor = TestProcesses.freePort();
        int leaf = TestProcesses.freePort();
        NatsServerProcess server = server(TestProcesses.settings(dataDir, client, monitor, leaf));

        server.start();

        assertThat(server.isRunning()).isTrue();
        assertThat(server.clientUrl()).isEqualTo("nats://127.0.0.1:" + client);
        assertThat(TestProcesses.healthy("http://127.0.0.1:" + monitor)).isTrue();
        long pid = server.pid().orElseThrow();
        assertThat(Files.readString(dataDir.resolve("nats-server.pid")).trim()).isEqualTo(Long.toString(pid));
        assertThat(Files.readString(dataDir.resolve("nats-server.conf")))
                .contains("listen: \"127.0.0.1:" + client + "\"", "domain: \"hub\"",
                        "leafnodes {\n  listen: \"127.0.0.1:" + leaf + "\"", "max_file_store: 8589934592");
        // The Go runtime's soft limit and collection target reach the child; /proc/PID/environ holds NUL-separated entries.
        assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "environ")).split("\0"))
                .contains("GOMEMLIMIT=536870912", "GOGC=50");
        put(server.clientUrl(), "alice", "online");
        assertThat(get(server.clientUrl(), "alice")).isEqualTo("online");
        assertThat(dataDir.resolve("jetstream")).isDirectory();

        server.stop();

        assertThat(server.lastExitCode()).hasValue(0);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(dataDir.resolve("nats-server.pid")).doesNotExist();
        assertThat(server.isRunning()).isFalse();
        assertThat(server.pid()).isEmpty();
        assertThat(server.restartCount()).isZero();
        server.stop(); // idempotent
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }

    /** nats-server would delete a lone server's streams as orphans on joining a cluster (nats-server#5467). */
    @Test
    void aLoneServersDataIsNeverTurnedIntoAClusterMember() throws Exception {
        NatsServerProcess alone = ephemeralServer();
        alone.start();
        put(alone.clientUrl(), "carol", "busy");
        alone.stop();
        NatsServerSettings.Cluster cluster = new NatsServerSettings.Cluster("hub", "127.0.0.1",
                TestProcesses.freePort(), null, List.of("nats-route://127.0.0.1:1"), null, null, null);
        NatsServerSettings lone = TestProcesses.settings(dataDir, 0, 0, 0);
        NatsServerProcess clustered = server(new NatsServerSettings(lone.serverName(), lone.host(), 0, 0,
                dataDir, lone.jetStreamDomain(), lone.leafnodes(), null, cluster));

        assertThatThrownBy(clustered::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds the bucket of a center that ran on its own")
                .hasMessageContaining("copy-bucket");

        NatsServerProcess again = ephemeralServer();
        again.start();
        assertThat(get(again.clientUrl(), "carol")).as("the data is untouched").isEqualTo("busy");
    }

    @Test
    void restartsAfterSigkillAndKeepsJetStreamData() throws Exception {
        NatsServerProcess server = ephemeralServer();
        server.start();
        String url = server.clientUrl();
        put(url, "bob", "away");
        long firstPid = server.pid().orElseThrow();

        ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();

        await().atMost(WAIT).until(() -> server.restartCount() == 1 && server.isRunning());
        long secondPid = server.pid().orElseThrow();
        assertThat(secondPid).isNotEqualTo(firstPid);
        assertThat(server.clientUrl()).isEqualTo(url);
        assertThat(TestProcesses.healthy(server.monitorUrl())).isTrue();
        assertThat(Files.readString(dataDir.resolve("nats-server.pid")).trim()).isEqualTo(Long.toString(secondPid));
        assertThat(get(url, "bob")).isEqualTo("away");

        ProcessHandle.of(secondPid).orElseThrow().destroyForcibly();
        await().atMost(WAIT).until(() -> server.restartCount() == 2 && server.isRunning());
        assertThat(get(url, "bob")).isEqualTo("away");
    }

    @Test
    void retriesFailedRestartsWithBackoffUntilThePortIsFree() throws Exception {
        NatsServerProcess server = processes.track(NatsServerProcess.builder()
                .settings(TestProcesses.settings(dataDir, 0, 0, 0))
                .startupTimeout(Duration.ofSeconds(15))
                .restartDelay(Duration.ofMillis(1500), Duration.ofMillis(1500))
                .build());
        server.start();
        int clientPort = server.settings().clientPort();
        ProcessHandle child = ProcessHandle.of(server.pid().orElseThrow()).orElseThrow();

        child.destroyForcibly();
        child.onExit().get();
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), clientPort));
            await().atMost(WAIT).until(() -> server.failedRestartCount() >= 1);
            assertThat(server.isRunning()).isFalse();
        }

        await().atMost(WAIT).until(() -> server.restartCount() == 1 && server.isRunning());
        assertThat(server.clientUrl()).endsWith(":" + clientPort);
    }

    /**
     * A child dies with the thread that started it (its parent death signal, so that a killed JVM takes it along);
     * the thread that calls start, Dropwizard's main thread in a node, ends once the node runs.
     */
    @Test
    void aServerStartedFromAThreadThatEndsOutlivesIt() throws Exception {
        NatsServerProcess server = ephemeralServer();
        Thread starter = new Thread(() -> {
            try {
                server.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "short-lived-starter");
        starter.start();
        starter.join(WAIT.toMillis());
        assertThat(starter.isAlive()).isFalse();
        ProcessHandle child = ProcessHandle.of(server.pid().orElseThrow()).orElseThrow();

        // Without the supervisor's own thread the child heard SIGINT as the starter ended and exited within 100 ms.
        assertThat(child.onExit()).failsWithin(Duration.ofSeconds(3));
        put(server.clientUrl(), "dave", "online");
        assertThat(get(server.clientUrl(), "dave")).isEqualTo("online");
        assertThat(server.restartCount()).isZero();
    }

    @Test
    void stopsStaleServerLeftByKilledJvmAndKeepsItsData() throws Exception {
        NatsServerSettings settings = TestProcesses.settings(dataDir, TestProcesses.freePort(),
                TestProcesses.freePort(), TestProcesses.freePort());
        new NatsConfigWriter().write(settings);
        Process stale = processes.spawn(List.of(NatsServerBinary.resolve("nats-server").toString(), "-c",
                settings.configFile().toString()), dataDir);
        Files.writeString(settings.pidFile(), stale.pid() + "\n");
        NatsServerProcess server = server(settings);
        await().atMost(WAIT).until(() -> TestProcesses.healthy(server.monitorUrl()));
        put(server.clientUrl(), "carol", "busy");

        server.start();

        assertThat(stale.isAlive()).isFalse();
        assertThat(stale.exitValue()).isZero(); // stopped with SIGINT, not killed
        assertThat(server.pid().orElseThrow()).isNotEqualTo(stale.pid());
        assertThat(get(server.clientUrl(), "carol")).isEqualTo("busy");
    }

    @Test
    void aSecondServerOnALiveServersDataDirIsRefusedAndLeavesItRunning() throws Exception {
        NatsServerProcess first = ephemeralServer();
        first.start();
        long pid = first.pid().orElseThrow();
        put(first.clientUrl(), "alice", "online");

        assertThatThrownBy(() -> ephemeralServer().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("nats.dataDir " + dataDir + " is in use by another running node (it holds node.lock"
                        + " there): give each node its own nats.dataDir, or stop the other one first");

        assertThat(first.pid()).hasValue(pid);
        assertThat(get(first.clientUrl(), "alice")).isEqualTo("online");
        first.stop();
        NatsServerProcess next = ephemeralServer();
        next.start();
        assertThat(get(next.clientUrl(), "alice")).isEqualTo("online");
    }

    @Test
    void aDataDirThatCannotBeCreatedFailsInOneLineNamingTheSetting() throws Exception {
        Path file = Files.writeString(dataDir.resolve("a-file"), "x");

        assertThatThrownBy(() -> server(TestProcesses.settings(file.resolve("data"), 0, 0, 0)).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("nats.dataDir " + file.resolve("data") + " is not a writable directory (")
                .hasMessageEndingWith("point nats.dataDir (NATS_DATA_DIR in the example configs) at one this user can write");
    }

    @Test
    void leavesUnrelatedProcessNamedInPidFileAlone() throws Exception {
        Process sleeper = processes.spawn(List.of("sleep", "60"), dataDir);
        Files.writeString(dataDir.resolve("nats-server.pid"), Long.toString(sleeper.pid()));
        NatsServerProcess server = ephemeralServer();

        server.start();

        assertThat(sleeper.isAlive()).isTrue();
        assertThat(server.isRunning()).isTrue();
        assertThat(Files.readString(dataDir.resolve("nats-server.pid")).trim())
                .isEqualTo(Long.toString(server.pid().orElseThrow()));
    }

    @Test
    void ignoresPidFileOfDeadOrUnreadableProcess() throws Exception {
        Files.writeString(dataDir.resolve("nats-server.pid"), "not a pid");
        NatsServerProcess server = ephemeralServer();

        server.start();

        assertThat(server.isRunning()).isTrue();
    }

    @Test
    void portInUseFailsWithCommandConfigAndOutput() throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = squatter.getLocalPort();
            NatsServerProcess server = server(TestProcesses.settings(dataDir, port, 0, 0));

            assertThatThrownBy(server::start)
                    .isInstanceOf(NatsServerStartException.class)
                    .hasMessageContaining("exited with code 1")
                    .hasMessageContaining("command: ")
                    .hasMessageContaining(" -c " + dataDir.resolve("nats-server.conf"))
                    .hasMessageContaining("server_name: \"center-1\"")
                    .hasMessageContaining("address already in use")
                    .satisfies(e -> assertThat(((NatsServerStartException) e).outputTail()).isNotEmpty());
            assertThat(dataDir.resolve("nats-server.pid")).doesNotExist();
            assertThat(server.isRunning()).isFalse();
        }
    }

    @Test
    void brokenConfigFailsWithServerOutput() throws Exception {
        NatsServerProcess server = server(new NatsServerSettings("center-1", "256.0.0.1",
                TestProcesses.freePort(), TestProcesses.freePort(), dataDir, "hub",
                new NatsServerSettings.Listen("127.0.0.1", TestProcesses.freePort())));

        assertThatThrownBy(server::start)
                .isInstanceOf(NatsServerStartException.class)
                .hasMessageContaining("listen: \"256.0.0.1:")
                .hasMessageContaining("last ");
    }

    /** nats-server quotes a URL it cannot parse, password and all: neither its log lines nor the failure keep it. */
    @Test
    void aHubUrlTheServerCannotParseFailsWithoutItsPassword() throws Exception {
        NatsServerProcess server = server(new NatsServerSettings("leaf-1", "127.0.0.1", TestProcesses.freePort(),
                TestProcesses.freePort(), dataDir, "leaf-1",
                new NatsServerSettings.Remotes(List.of("nats-leaf://u:SeCrEtPw123@127.0.0.1:abc"))));

        assertThatThrownBy(server::start)
                .isInstanceOf(NatsServerStartException.class)
                .hasMessageContaining("u:*****@127.0.0.1:abc")
                .hasMessageNotContaining("SeCrEtPw123");
    }

    @Test
    void serverThatNeverBecomesHealthyIsStoppedAfterStartupTimeout(@TempDir Path bin) throws Exception {
        Path fake = TestProcesses.script(bin, "fake-nats-server", "echo fake server starting; exec sleep 60");
        NatsServerProcess server = processes.track(NatsServerProcess.builder()
                .settings(TestProcesses.settings(dataDir, TestProcesses.freePort(), TestProcesses.freePort(),
                        TestProcesses.freePort()))
                .serverBinary(fake.toString())
                .startupTimeout(Duration.ofMillis(700))
                .build());

        assertThatThrownBy(server::start)
                .isInstanceOf(NatsServerStartException.class)
                .hasMessageContaining("did not report healthy")
                .hasMessageContaining(fake.toString())
                .hasMessageContaining("fake server starting");
        assertThat(server.lastExitCode()).isPresent();
        assertThat(dataDir.resolve("nats-server.pid")).doesNotExist();
    }

    @Test
    void missingBinaryFailsStartInOneLine() {
        NatsServerProcess server = processes.track(NatsServerProcess.builder()
                .settings(TestProcesses.settings(dataDir, 0, 0, 0))
                .serverBinary("no-such-nats-server-binary")
                .build());

        assertThatThrownBy(server::start)
                .isInstanceOf(NatsServerBinaryNotFoundException.class)
                .hasMessage("no-such-nats-server-binary not found on PATH; install it (apt-get install -y "
                        + "nats-server) or set nats.serverBinary to its path");
    }

    @Test
    void stopDuringRestartBackoffCancelsTheRestart() throws Exception {
        NatsServerProcess server = processes.track(NatsServerProcess.builder()
                .settings(TestProcesses.settings(dataDir, 0, 0, 0))
                .restartDelay(Duration.ofSeconds(5), Duration.ofSeconds(5))
                .build());
        server.start();
        ProcessHandle child = ProcessHandle.of(server.pid().orElseThrow()).orElseThrow();

        child.destroyForcibly();
        await().atMost(WAIT).until(() -> !server.isRunning() && Files.notExists(dataDir.resolve("nats-server.pid")));
        server.stop();

        assertThat(server.restartCount()).isZero();
        assertThat(server.pid()).isEmpty();
        assertThat(server.lastExitCode()).hasValue(137);
        assertThat(dataDir.resolve("nats-server.pid")).doesNotExist();
    }

    @Test
    void retriesWithOtherPortsWhenAChosenPortIsTakenMeanwhile(@TempDir Path bin) throws Exception {
        // The first run pretends another process grabbed the client port chosen for it.
        Path flaky = TestProcesses.script(bin, "flaky-nats-server", String.join("\n",
                "marker=\"$(dirname \"$0\")/tried\"",
                "if [ ! -e \"$marker\" ]; then",
                "  touch \"$marker\"",
                "  port=$(sed -n 's/^listen: \"127.0.0.1:\\([0-9]*\\)\"/\\1/p' \"$2\")",
                "  echo \"[FTL] Error listening on port: 127.0.0.1:$port, address already in use\"",
                "  exit 1",
                "fi",
                "exec " + NatsServerBinary.resolve("nats-server") + " \"$@\""));
        NatsServerProcess server = processes.track(NatsServerProcess.builder()
                .settings(TestProcesses.settings(dataDir, 0, 0, 0))
                .serverBinary(flaky.toString())
                .build());

        server.start();

        assertThat(bin.resolve("tried")).exists();
        assertThat(server.isRunning()).isTrue();
        put(server.clientUrl(), "dave", "online");
    }

    @Test
    void stopDuringStartupEndsTheWaitAndTheChild(@TempDir Path bin) throws Exception {
        Path fake = TestProcesses.script(bin, "slow-nats-server", "exec sleep 60");
        NatsServerProcess server = processes.track(NatsServerProcess.builder()
                .settings(TestProcesses.settings(dataDir, 0, 0, 0))
                .serverBinary(fake.toString())
                .startupTimeout(Duration.ofSeconds(60))
                .build());
        CompletableFuture<Void> starting = CompletableFuture.runAsync(() -> {
            try {
                server.start();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        await().atMost(WAIT).until(() -> Files.exists(dataDir.resolve("nats-server.pid")));
        long childPid = Long.parseLong(Files.readString(dataDir.resolve("nats-server.pid")).trim());

        server.stop();

        assertThatThrownBy(() -> starting.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(NatsServerStartException.class)
                .hasMessageContaining("stop requested");
        assertThat(ProcessHandle.of(childPid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(dataDir.resolve("nats-server.pid")).doesNotExist();
    }
}
