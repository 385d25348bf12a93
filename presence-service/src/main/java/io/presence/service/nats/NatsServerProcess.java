package io.presence.service.nats;

import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded nats-server: a supervised child process. {@link #start()} writes the config, starts
 * the server and returns once {@code /healthz} answers 200; if the child later dies on its own it is
 * restarted with exponential backoff until {@link #stop()}, which sends SIGINT and waits.
 *
 * <p>A PID file in the data dir lets the next start stop a child left behind by a killed JVM; a lock
 * on the data dir ({@link DataDirLock}) keeps a second node from taking a live node's child for such a one.
 */
public final class NatsServerProcess implements Managed {

    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    /** First restart delay after an unexpected exit; doubles per consecutive failure. */
    public static final Duration DEFAULT_RESTART_DELAY_MIN = Duration.ofMillis(200);
    public static final Duration DEFAULT_RESTART_DELAY_MAX = Duration.ofSeconds(10);
    /** A child that ran this long before dying starts the backoff over from the minimum. */
    public static final Duration DEFAULT_HEALTHY_RESET_AFTER = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(NatsServerProcess.class);
    private static final Duration HEALTH_POLL = Duration.ofMillis(100);
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);

    private final NatsServerSettings requested;
    private final String serverBinary;
    private final Duration startupTimeout;
    private final Duration shutdownTimeout;
    private final Duration restartDelayMin;
    private final Duration restartDelayMax;
    private final Duration healthyResetAfter;
    private final NatsConfigWriter configWriter = new NatsConfigWriter();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicInteger failedRestarts = new AtomicInteger();
    /** Serialises start, restart and stop of the child. */
    private final Object lifecycle = new Object();

    private volatile NatsServerSettings settings;
    private volatile Child child;
    private volatile boolean started;
    private volatile boolean stopping;
    private volatile Integer lastExitCode;
    private volatile ScheduledExecutorService supervisor;
    /** Held from start to stop, so no other node uses the data dir meanwhile. */
    private DataDirLock dataDirLock;
    private Duration nextRestartDelay;

    private NatsServerProcess(Builder b) {
        this.requested = b.settings;
        this.serverBinary = b.serverBinary;
        this.startupTimeout = b.startupTimeout;
        this.shutdownTimeout = b.shutdownTimeout;
        this.restartDelayMin = b.restartDelayMin;
        this.restartDelayMax = b.restartDelayMax;
        this.healthyResetAfter = b.healthyResetAfter;
        this.settings = requested;
        this.nextRestartDelay = restartDelayMin;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Stops a stale child, starts nats-server and waits until it is healthy. */
    @Override
    public void start() throws IOException, InterruptedException {
        synchronized (lifecycle) {
            if (started || stopping) {
                throw new IllegalStateException("nats-server process node=" + requested.serverName()
                        + " was already started; create a new instance");
            }
            Path binary = NatsServerBinary.resolve(serverBinary);
            ClusteredStoreGuard.check(requested);
            dataDirLock = DataDirLock.acquire(requested.dataDir());
            supervisor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread t = new Thread(runnable, "nats-supervisor-" + requested.serverName());
                t.setDaemon(true);
                return t;
            });
            try {
                EphemeralPorts.startWithRetry(requested, chosen -> {
                    settings = chosen;
                    startChild(binary);
                });
            } catch (IOException | InterruptedException | RuntimeException e) {
                supervisor.shutdownNow();
                dataDirLock.close();
                throw e;
            }
            started = true;
        }
    }

    /** The start sequence shared by start and restart. Caller holds {@link #lifecycle}. */
    private void startChild(Path binary) throws IOException, InterruptedException {
        NatsServerSettings s = settings;
        StaleServerCleaner.stopStale(s.pidFile(), s.configFile(), s.serverName(), shutdownTimeout);
        String config = configWriter.write(s);
        List<String> command = List.of(binary.toString(), "-c", s.configFile().toString());
        long began = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .directory(s.dataDir().toFile())
                .redirectErrorStream(true)
                .start();
        Child c = new Child(process, ServerOutputPump.start(process, s.serverName()));
        try {
            PidFile.write(s.pidFile(), process.pid());
            awaitHealthy(c, s);
        } catch (NotReady | IOException | InterruptedException | RuntimeException e) {
            c.expectedExit = true;
            terminate(c, Duration.ofSeconds(2));
            PidFile.deleteIfOf(s.pidFile(), process.pid());
            if (e instanceof InterruptedException) {
                throw (InterruptedException) e;
            }
            String reason = e instanceof NotReady ? e.getMessage() : e.toString();
            throw new NatsServerStartException(failureMessage(reason, command, s, NatsConfigWriter.redact(config), c), c.output.tail(),
                    e instanceof NotReady ? null : e);
        }
        c.healthySinceNanos = System.nanoTime();
        child = c;
        process.onExit().thenRun(() -> onChildExit(c));
        LOG.info("nats-server ready node={} pid={} client={} monitor={} tookMs={}", s.serverName(), process.pid(),
                clientUrl(), monitorUrl(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    }

    private void awaitHealthy(Child c, NatsServerSettings s) throws NotReady, InterruptedException {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        // A clustered server reports unhealthy until a JetStream meta leader is elected, which needs a
        // quorum of centers: a center starting first is ready once its own JetStream is up.
        URI healthz = URI.create(monitorUrl(s) + (s.cluster() == null ? "/healthz" : "/healthz?js-enabled-only=true"));
        while (true) {
            if (!c.process.isAlive()) {
                throw new NotReady("nats-server exited with code " + c.process.exitValue() + " before it was ready");
            }
            if (stopping) {
                throw new NotReady("stop requested while nats-server was starting");
            }
            if (isHealthy(healthz) && c.process.isAlive()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new NotReady("nats-server did not report healthy at " + healthz
                        + " within " + startupTimeout.toMillis() + " ms");
            }
            // Waiting on the exit future ends the pause early if the child dies.
            try {
                c.process.onExit().get(HEALTH_POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // still running: poll again
            }
        }
    }

    private boolean isHealthy(URI healthz) throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(healthz).timeout(Duration.ofSeconds(1)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private String failureMessage(String reason, List<String> command, NatsServerSettings s, String config,
            Child c) {
        List<String> tail = c.output.tail();
        StringBuilder m = new StringBuilder(1024)
                .append("nats-server failed to start node=").append(s.serverName()).append(": ").append(reason)
                .append("\ncommand: ").append(String.join(" ", command))
                .append("\nconfig ").append(s.configFile()).append(":\n").append(config)
                .append("last ").append(tail.size()).append(" lines of output:\n");
        tail.forEach(line -> m.append("  ").append(line).append('\n'));
        return m.toString();
    }

    private void onChildExit(Child c) {
        Integer code = c.process.exitValue();
        lastExitCode = code;
        if (stopping || c.expectedExit || child != c) {
            return;
        }
        Duration uptime = Duration.ofNanos(System.nanoTime() - c.healthySinceNanos);
        try {
            supervisor.execute(() -> scheduleRestart(c, code, uptime));
        } catch (RejectedExecutionException e) {
            // stop() is under way
        }
    }

    private void scheduleRestart(Child dead, int exitCode, Duration uptime) {
        synchronized (lifecycle) {
            if (stopping || child != dead) {
                return;
            }
            child = null;
            PidFile.deleteIfOf(settings.pidFile(), dead.process.pid());
            if (uptime.compareTo(healthyResetAfter) >= 0) {
                nextRestartDelay = restartDelayMin;
            }
            LOG.warn("nats-server exited unexpectedly node={} pid={} exit={} uptimeMs={} restartInMs={}",
                    settings.serverName(), dead.process.pid(), exitCode, uptime.toMillis(),
                    nextRestartDelay.toMillis());
            scheduleAttempt();
        }
    }

    /** Caller holds {@link #lifecycle}. */
    private void scheduleAttempt() {
        Duration delay = nextRestartDelay;
        Duration doubled = delay.multipliedBy(2);
        nextRestartDelay = doubled.compareTo(restartDelayMax) > 0 ? restartDelayMax : doubled;
        try {
            supervisor.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stop() is under way
        }
    }

    private void restart() {
        synchronized (lifecycle) {
            if (stopping) {
                return;
            }
            try {
                startChild(NatsServerBinary.resolve(serverBinary));
                int count = restarts.incrementAndGet();
                LOG.info("nats-server restarted node={} pid={} restarts={}", settings.serverName(),
                        child.process.pid(), count);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                failedRestarts.incrementAndGet();
                String firstLine = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                LOG.warn("nats-server restart failed node={} retryInMs={} reason={}", settings.serverName(),
                        nextRestartDelay.toMillis(), firstLine);
                LOG.debug("nats-server restart failure detail node={}", settings.serverName(), e);
                if (!stopping) {
                    scheduleAttempt();
                }
            }
        }
    }

    /** Stops supervision, then the child (SIGINT, wait, SIGKILL); removes the PID file. Idempotent. */
    @Override
    public void stop() throws InterruptedException {
        stopping = true;
        // Interrupts a restart in progress, so stop() does not wait for its health check.
        ScheduledExecutorService s = supervisor;
        if (s != null) {
            s.shutdownNow();
        }
        synchronized (lifecycle) {
            Child c = child;
            child = null;
            if (c != null) {
                c.expectedExit = true;
                boolean forced = terminate(c, shutdownTimeout);
                PidFile.deleteIfOf(settings.pidFile(), c.process.pid());
                LOG.info("nats-server stopped node={} pid={} exit={} forced={}", settings.serverName(),
                        c.process.pid(), lastExitCode, forced);
            }
            if (dataDirLock != null) {
                dataDirLock.close();
            }
        }
        if (s != null) {
            s.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private boolean terminate(Child c, Duration timeout) throws InterruptedException {
        boolean forced = ProcessSignals.interruptThenKill(c.process.toHandle(), timeout);
        // The handle may see the exit before the Process object has reaped it: wait for that briefly.
        if (c.process.waitFor(OUTPUT_DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
            lastExitCode = c.process.exitValue();
        }
        c.output.awaitEnd(OUTPUT_DRAIN);
        return forced;
    }

    /** The URL clients of this node connect to, e.g. {@code nats://127.0.0.1:4222}. */
    public String clientUrl() {
        NatsServerSettings s = resolvedSettings();
        return (s.tls() == null ? "nats://" : "tls://") + NatsConfigWriter.hostPort(connectHost(s.host()),
                s.clientPort());
    }

    /** The monitoring base URL, e.g. {@code http://127.0.0.1:8222}. */
    public String monitorUrl() {
        return monitorUrl(resolvedSettings());
    }

    private static String monitorUrl(NatsServerSettings s) {
        return "http://" + NatsConfigWriter.hostPort(connectHost(s.host()), s.monitorPort());
    }

    private NatsServerSettings resolvedSettings() {
        NatsServerSettings s = settings;
        if (s.hasEphemeralPorts()) {
            throw new IllegalStateException("nats ports set to 0 are chosen by start(); call start() first");
        }
        return s;
    }

    /** A wildcard listen address is reached through loopback. */
    private static String connectHost(String host) {
        return switch (host) {
            case "0.0.0.0", "", "*" -> "127.0.0.1";
            case "::", "[::]" -> "::1";
            default -> host;
        };
    }

    /** The settings in effect (ports chosen) once started; before that, as requested. */
    public NatsServerSettings settings() {
        return settings;
    }

    public Path dataDir() {
        return requested.dataDir();
    }

    public String serverName() {
        return requested.serverName();
    }

    /** True while a child is up and has passed its health check. */
    public boolean isRunning() {
        Child c = child;
        return c != null && c.process.isAlive();
    }

    public OptionalLong pid() {
        Child c = child;
        return c != null && c.process.isAlive() ? OptionalLong.of(c.process.pid()) : OptionalLong.empty();
    }

    /**
     * The current child's last leafnode error (e.g. a refused TLS certificate), cleared when a leafnode
     * connection is made: why a leaf's hub link is down.
     */
    public Optional<String> lastLeafnodeError() {
        Child c = child;
        return c == null ? Optional.empty() : c.output.lastLeafnodeError();
    }

    /**
     * Set while the hub refuses this server's leafnode link as a duplicate: another leaf of the same
     * name is linked, and the two take the link from each other, so the link is up only by turns.
     */
    public Optional<String> duplicateLeafnodeLink() {
        Child c = child;
        return c == null ? Optional.empty() : c.output.duplicateLink();
    }

    /** Successful restarts after unexpected exits. */
    public int restartCount() {
        return restarts.get();
    }

    /** Restart attempts that failed (each is retried after the next backoff delay). */
    public int failedRestartCount() {
        return failedRestarts.get();
    }

    /** Exit code of the last child that exited, e.g. 0 after a clean {@link #stop()}. */
    public OptionalInt lastExitCode() {
        Integer code = lastExitCode;
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }

    /** Why a child did not become ready; becomes the first line of a {@link NatsServerStartException}. */
    private static final class NotReady extends Exception {
        private static final long serialVersionUID = 1L;

        NotReady(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final class Child {
        final Process process;
        final ServerOutputPump output;
        volatile boolean expectedExit;
        volatile long healthySinceNanos;

        Child(Process process, ServerOutputPump output) {
            this.process = process;
            this.output = output;
        }
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

        public NatsServerProcess build() {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(serverBinary, "serverBinary");
            requirePositive("startupTimeout", startupTimeout);
            requirePositive("shutdownTimeout", shutdownTimeout);
            requirePositive("restartDelay min", restartDelayMin);
            requirePositive("restartDelay max", restartDelayMax);
            requirePositive("healthyResetAfter", healthyResetAfter);
            if (restartDelayMax.compareTo(restartDelayMin) < 0) {
                throw new IllegalArgumentException("restartDelay max must be >= min");
            }
            return new NatsServerProcess(this);
        }

        private static void requirePositive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
            }
        }
    }
}
