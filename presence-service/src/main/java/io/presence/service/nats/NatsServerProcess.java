package io.presence.service.nats;

import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The embedded nats-server: a supervised child process. {@link #start()} writes the config, starts
 * the server and returns once {@code /healthz} answers 200; if the child later dies on its own it is
 * restarted with exponential backoff until {@link #stop()}, which sends SIGINT and waits.
 *
 * <p>The child runs in a session of its own, so only the node stops it: with the node's lifecycle once
 * {@link #handOverStop()} is called, before that when the JVM exits. A PID file in the data dir lets the next start
 * stop a child left behind by a killed JVM; a lock
 * on the data dir ({@link DataDirLock}) keeps a second node from taking a live node's child for such a one.
 *
 * <p>This class is what the node sees of it (URLs, state, counters); {@link ServerSupervisor} keeps the
 * child running, {@link ServerLauncher} starts each one.
 */
public final class NatsServerProcess implements Managed {

    /** Counter (registered by the wiring, read from {@link #restartCount()}): restarts after unexpected exits. */
    public static final String RESTARTS_METRIC = "natsServer.restarts";

    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    /** First restart delay after an unexpected exit; doubles per consecutive failure. */
    public static final Duration DEFAULT_RESTART_DELAY_MIN = Duration.ofMillis(200);
    public static final Duration DEFAULT_RESTART_DELAY_MAX = Duration.ofSeconds(10);
    /** A child that ran this long before dying starts the backoff over from the minimum. */
    public static final Duration DEFAULT_HEALTHY_RESET_AFTER = Duration.ofSeconds(60);

    private final NatsServerSettings requested;
    private final ServerSupervisor supervisor;

    private NatsServerProcess(NatsServerSettings requested, ServerProcessOptions options) {
        this.requested = requested;
        this.supervisor = new ServerSupervisor(requested, options);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Stops a stale child, starts nats-server and waits until it is healthy. */
    @Override
    public void start() throws IOException, InterruptedException {
        supervisor.start();
    }

    /**
     * The node's lifecycle stops the server from now on (after the connections that use it), so the JVM's exit
     * waits for that stop. Until then an exit, e.g. Ctrl-C while the node starts, stops the server at once.
     */
    public void handOverStop() {
        supervisor.handOverStop();
    }

    /** Stops supervision, then the child (SIGINT, wait, SIGKILL); removes the PID file. Idempotent. */
    @Override
    public void stop() throws InterruptedException {
        supervisor.stop();
    }

    /** The URL clients of this node connect to, e.g. {@code nats://127.0.0.1:4222}. */
    public String clientUrl() {
        return ServerUrls.clientUrl(resolvedSettings());
    }

    /** The token clients must present once started; empty for a client port open to every local process. */
    public Optional<String> clientToken() {
        return Optional.ofNullable(supervisor.settings().clientToken());
    }

    /** The monitoring base URL, e.g. {@code http://127.0.0.1:8222}. */
    public String monitorUrl() {
        return ServerUrls.monitorUrl(resolvedSettings());
    }

    private NatsServerSettings resolvedSettings() {
        NatsServerSettings s = supervisor.settings();
        if (s.hasEphemeralPorts()) {
            throw new IllegalStateException("nats ports set to 0 are chosen by start(); call start() first");
        }
        return s;
    }

    /** Refuses what {@link #start} would refuse about the data dir, changing nothing there (for {@code check}). */
    public void preflight() throws IOException {
        supervisor.preflight();
    }

    /** The settings in effect (ports chosen) once started; before that, as requested. */
    public NatsServerSettings settings() {
        return supervisor.settings();
    }

    public Path dataDir() {
        return requested.dataDir();
    }

    public String serverName() {
        return requested.serverName();
    }

    /** True while a child is up and has passed its health check. */
    public boolean isRunning() {
        ServerChild c = supervisor.child();
        return c != null && c.isAlive();
    }

    public OptionalLong pid() {
        ServerChild c = supervisor.child();
        return c != null && c.isAlive() ? OptionalLong.of(c.pid()) : OptionalLong.empty();
    }

    /**
     * The current child's last leafnode error (e.g. a refused TLS certificate), cleared when a leafnode
     * connection is made: why a leaf's hub link is down.
     */
    public Optional<String> lastLeafnodeError() {
        ServerChild c = supervisor.child();
        return c == null ? Optional.empty() : c.output().lastLeafnodeError();
    }

    /**
     * Set while the hub refuses this server's leafnode link as a duplicate: another leaf of the same
     * name is linked, and the two take the link from each other, so the link is up only by turns.
     */
    public Optional<String> duplicateLeafnodeLink() {
        ServerChild c = supervisor.child();
        return c == null ? Optional.empty() : c.output().duplicateLink();
    }

    /** Successful restarts after unexpected exits. */
    public int restartCount() {
        return supervisor.restartCount();
    }

    /** Restart attempts that failed (each is retried after the next backoff delay). */
    public int failedRestartCount() {
        return supervisor.failedRestartCount();
    }

    /** Exit code of the last child that exited, e.g. 0 after a clean {@link #stop()}. */
    public OptionalInt lastExitCode() {
        return supervisor.lastExitCode();
    }

    /** Options of a {@link NatsServerProcess}; {@link #build()} validates them. */
    public static final class Builder {
        private NatsServerSettings settings;
        private String serverBinary = "nats-server";
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private Duration restartDelayMin = DEFAULT_RESTART_DELAY_MIN;
        private Duration restartDelayMax = DEFAULT_RESTART_DELAY_MAX;
        private Duration healthyResetAfter = DEFAULT_HEALTHY_RESET_AFTER;
        private boolean clientToken;

        private Builder() {
        }

        public Builder settings(NatsServerSettings settings) {
            this.settings = settings;
            return this;
        }

        /** A path, or a name looked up on PATH. */
        public Builder serverBinary(String serverBinary) {
            this.serverBinary = serverBinary;
            return this;
        }

        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        public Builder restartDelay(Duration min, Duration max) {
            this.restartDelayMin = min;
            this.restartDelayMax = max;
            return this;
        }

        public Builder healthyResetAfter(Duration healthyResetAfter) {
            this.healthyResetAfter = healthyResetAfter;
            return this;
        }

        /**
         * Clients must present the data dir's {@link ClientToken}, created at the first start (not at build: a
         * {@code check} run by another user would leave a file the node's own user could not read).
         */
        public Builder clientToken() {
            this.clientToken = true;
            return this;
        }

        public NatsServerProcess build() {
            Objects.requireNonNull(settings, "settings");
            return new NatsServerProcess(settings, new ServerProcessOptions(serverBinary, startupTimeout,
                    shutdownTimeout, restartDelayMin, restartDelayMax, healthyResetAfter, clientToken));
        }
    }
}
