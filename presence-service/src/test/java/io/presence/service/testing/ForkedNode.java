package io.presence.service.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node in its own JVM, from a {@link TestNode}'s config with a fixed HTTP port, so that tests can
 * SIGKILL it (and its nats-server child) the way a crash would.
 */
public final class ForkedNode implements AutoCloseable {

    /** Everything the node's JVM prints, in its directory; what {@link NodesExtension} prints when a test fails. */
    public static final String LOG_FILE = "forked-node.log";

    private final TestNode config;
    private final int appPort;
    private final Path log;
    private Process jvm;

    public ForkedNode(TestNode config, int appPort) {
        this.config = config;
        this.appPort = appPort;
        this.log = config.configFile().resolveSibling(LOG_FILE);
    }

    /** Starts the JVM and waits until its API answers. */
    public ForkedNode start() throws IOException {
        return launch().awaitReady();
    }

    /** Starts the JVM without waiting: several centers of a cluster start together, each waiting for the others. */
    public ForkedNode launch() throws IOException {
        jvm = spawn();
        return this;
    }

    /** Waits until the launched node's API answers. */
    public ForkedNode awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> {
            if (!jvm.isAlive()) {
                throw new AssertionError("forked node exited: " + Files.readString(log));
            }
            return http.send(HttpRequest.newBuilder(uri("/api/v2/presence/probe")).build(),
                    BodyHandlers.discarding()).statusCode() == 404;
        });
        return this;
    }

    /** Runs a node that is expected not to start, until its JVM exits. */
    public Exited runUntilExit() throws IOException, InterruptedException {
        jvm = spawn();
        if (!jvm.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("forked node did not exit: " + Files.readString(log));
        }
        return new Exited(jvm.exitValue(), Files.readString(log));
    }

    /** How a forked node ended, and everything it printed. */
    public record Exited(int code, String output) {
    }

    private Process spawn() throws IOException {
        // C1 only and a small heap: several nodes share two cores with the test, and none runs long enough for C2.
        // In a session of its own, as a job a terminal runs is a process group of its own: signalJob() signals the group.
        return new ProcessBuilder("setsid", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xmx384m", "-cp", System.getProperty("java.class.path"), "io.presence.service.PresenceApplication",
                "server", config.configFile().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** PUT of a user's presence with the user's token, its answer checked against the contract. */
    public HttpResponse<String> put(String userId, String body) throws IOException, InterruptedException {
        return ContractValidator.check(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        uri("/api/v2/presence/" + userId)).header("Authorization", "Bearer " + TestNode.token(userId))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                BodyHandlers.ofString()));
    }

    /** The node's config: its data dir, leafnode and NATS URLs. */
    public TestNode config() {
        return config;
    }

    public boolean isAlive() {
        return jvm != null && jvm.isAlive();
    }

    /** Everything the node printed so far. */
    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + appPort + path);
    }

    /** The pid of the node's nats-server child, from its PID file. */
    public long natsPid() throws IOException {
        return Long.parseLong(Files.readString(config.dataDir().resolve("nats-server.pid")).trim());
    }

    /** SIGTERM: the node stops as an operator's service manager stops it (its nats-server too). */
    public void stopGracefully() throws InterruptedException {
        jvm.destroy();
        if (!jvm.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("forked node did not stop within 60 s of SIGTERM");
        }
    }

    /**
     * SIGTERM to the node's whole process group, as a terminal's Ctrl-C signals a job (with SIGINT) or a service
     * manager a control group. Not SIGINT itself: a job started in the background by a script, as CI runs the
     * tests, has SIGINT ignored, and so would the forked JVM. Waits until the JVM has exited.
     *
     * @return the JVM's exit status
     */
    public int signalJob() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", "TERM", "--", "-" + jvm.pid()).redirectErrorStream(true).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -s TERM -" + jvm.pid() + ": " + new String(kill.getInputStream()
                    .readAllBytes(), StandardCharsets.UTF_8));
        }
        if (!jvm.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("forked node did not stop within 60 s of SIGTERM to its process group");
        }
        return jvm.exitValue();
    }

    /** SIGKILL of the JVM only, as after a JVM crash: the kernel stops its nats-server child (its death signal). */
    public void killJvm() throws InterruptedException {
        jvm.destroyForcibly();
        if (!jvm.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("forked node did not die");
        }
    }

    /**
     * SIGKILL of the nats-server and the JVM: the whole node crashes. The server goes first, so that when
     * this returns nothing of the node can still acknowledge a write.
     */
    public void killAll() throws IOException, InterruptedException {
        kill(ProcessHandle.of(natsPid()).stream().toList());
    }

    /**
     * Kills what is left of the node, its nats-server first as {@link #killAll} does. The server is found as the
     * JVM's child, not by PID file: a node that failed to start may have written none, and a node refused a
     * data dir in use would find the running node's there.
     */
    @Override
    public void close() throws InterruptedException {
        if (jvm != null && jvm.isAlive()) {
            kill(jvm.descendants().toList());
        }
    }

    /**
     * SIGKILL of {@code servers}, then at once of the JVM; returns when all are gone. Waiting for the servers
     * before killing the JVM would give its supervisor the time to restart them (200 ms after an exit), and
     * the new server would outlive the JVM.
     */
    private void kill(List<ProcessHandle> servers) throws InterruptedException {
        servers.forEach(ProcessHandle::destroyForcibly);
        killJvm();
        servers.forEach(server -> server.onExit().join());
    }
}
