package io.presence.service.nats;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one node's nats-server child running from {@link #start()} to {@link #stop()}: a child that
 * dies on its own is started again after a {@link RestartBackoff} delay, and again after each failed
 * attempt, until one succeeds or the node stops.
 */
final class ServerSupervisor {

    // Logged as the embedded server's lifecycle, under the logger name it always had.
    private static final Logger LOG = LoggerFactory.getLogger(NatsServerProcess.class);
    /**
     * How much longer than the child's own stop the exit hook waits for the node's lifecycle to stop it: Jetty drains
     * its requests first (Dropwizard's {@code server.shutdownGracePeriod}, 30 s by default).
     */
    private static final long EXIT_WAIT_MARGIN_MS = 30_000;

    private final NatsServerSettings requested;
    private final boolean clientToken;
    private final String serverBinary;
    private final Duration shutdownTimeout;
    private final ServerLauncher launcher;
    private final RestartBackoff backoff;
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicInteger failedRestarts = new AtomicInteger();
    /** Serialises start, restart and stop of the child. */
    private final Object lifecycle = new Object();

    private volatile NatsServerSettings settings;
    private volatile ServerChild child;
    private volatile boolean started;
    private volatile boolean stopping;
    private volatile Integer lastExitCode;
    private volatile ScheduledExecutorService scheduler;
    /** Held from start to stop, so no other node uses the data dir meanwhile. */
    private DataDirLock dataDirLock;
    /**
     * Stops the child when the JVM exits: the child runs in a session of its own, so a signal that ends the JVM
     * never reaches it, and before the node has started nothing else would stop it.
     */
    private final Thread exitHook;
    /** Whether the node's lifecycle stops the child: the exit hook then waits for that stop instead of racing it. */
    private volatile boolean stopHandedOver;
    private final CountDownLatch stopped = new CountDownLatch(1);

    ServerSupervisor(NatsServerSettings requested, ServerProcessOptions options) {
        this.requested = requested;
        this.clientToken = options.clientToken();
        this.serverBinary = options.serverBinary();
        this.shutdownTimeout = options.shutdownTimeout();
        this.launcher = new ServerLauncher(options.startupTimeout(), options.shutdownTimeout(),
                code -> lastExitCode = code);
        this.backoff = new RestartBackoff(options.restartDelayMin(), options.restartDelayMax(),
                options.healthyResetAfter());
        this.settings = requested;
        this.exitHook = new Thread(this::stopAtExit, "nats-server-exit-" + requested.serverName());
    }

    /**
     * What start refuses about the data dir, checked without changing it (no lock taken, nothing created), so that
     * {@code check} can refuse it too while a node runs on that dir: a store a cluster would delete, a dir that is a
     * file or not writable, a client token others may read.
     */
    void preflight() throws IOException {
        ClusteredStoreGuard.check(requested);
        DataDirLock.checkWritable(requested.dataDir());
        if (clientToken) {
            ClientToken.checkExisting(requested.dataDir());
        }
    }

    /** Stops a stale child, starts nats-server and waits until it is healthy. */
    void start() throws IOException, InterruptedException {
        synchronized (lifecycle) {
            if (started || stopping) {
                throw new IllegalStateException("nats-server process node=" + requested.serverName()
                        + " was already started; create a new instance");
            }
            Path binary = NatsServerBinary.resolve(serverBinary);
            preflight();
            dataDirLock = DataDirLock.acquire(requested.dataDir());
            scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread t = new Thread(runnable, "nats-supervisor-" + requested.serverName());
                t.setDaemon(true);
                return t;
            });
            try {
                NatsServerSettings toStart = clientToken
                        ? requested.withClientToken(ClientToken.readOrCreate(requested.dataDir())) : requested;
                onSupervisorThread(() -> EphemeralPorts.startWithRetry(toStart, chosen -> {
                    settings = chosen;
                    launch(binary);
                }));
            } catch (IOException | InterruptedException | RuntimeException e) {
                scheduler.shutdownNow();
                dataDirLock.close();
                throw e;
            }
            started = true;
            Runtime.getRuntime().addShutdownHook(exitHook);
        }
    }

    /**
     * Runs the first start on the supervisor's thread and waits for it. Every child is started from that thread, which
     * lives from start to stop (the executor's one core thread; its tasks' exceptions end in their futures, never in
     * the thread): a child dies with the thread that started it (ServerLauncher's {@code --pdeathsig}), and the
     * thread calling start, Dropwizard's main thread, ends as soon as the node runs.
     */
    private void onSupervisorThread(Launch first) throws IOException, InterruptedException {
        Future<Void> started = scheduler.submit(() -> {
            first.run();
            return null;
        });
        try {
            started.get();
        } catch (InterruptedException e) {
            started.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException interrupted) {
                if (stopping) {
                    // stop() interrupted the start on the supervisor's thread: to the caller the start failed.
                    throw new NatsServerStartException("stop requested while nats-server was starting node="
                            + requested.serverName(), List.of(), interrupted);
                }
                throw interrupted;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("nats-server start failed node=" + requested.serverName(), cause);
        }
    }

    /** A start that may fail as a launch does. */
    private interface Launch {
        void run() throws IOException, InterruptedException;
    }

    /** From now on the node's lifecycle stops the child, after the connections that use it. */
    void handOverStop() {
        stopHandedOver = true;
    }

    private void stopAtExit() {
        try {
            if (stopHandedOver && stopped.await(shutdownTimeout.toMillis() + EXIT_WAIT_MARGIN_MS, TimeUnit.MILLISECONDS)) {
                return;
            }
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The start sequence shared by start and restart. Caller holds {@link #lifecycle}. */
    private void launch(Path binary) throws IOException, InterruptedException {
        ServerChild c = launcher.launch(binary, settings, () -> stopping);
        child = c;
        c.process().onExit().thenRun(() -> onChildExit(c));
    }

    private void onChildExit(ServerChild c) {
        int code = c.process().exitValue();
        lastExitCode = code;
        if (stopping || c.exitExpected() || child != c) {
            return;
        }
        Duration uptime = c.healthyFor();
        try {
            scheduler.execute(() -> scheduleRestart(c, code, uptime));
        } catch (RejectedExecutionException e) {
            // stop() is under way
        }
    }

    private void scheduleRestart(ServerChild dead, int exitCode, Duration uptime) {
        synchronized (lifecycle) {
            if (stopping || child != dead) {
                return;
            }
            child = null;
            PidFile.deleteIfOf(settings.pidFile(), dead.pid());
            backoff.childDiedAfter(uptime);
            LOG.warn("nats-server exited unexpectedly node={} pid={} exit={} uptimeMs={} restartInMs={}",
                    settings.serverName(), dead.pid(), exitCode, uptime.toMillis(), backoff.nextDelay().toMillis());
            scheduleAttempt();
        }
    }

    /** Caller holds {@link #lifecycle}. */
    private void scheduleAttempt() {
        Duration delay = backoff.takeDelay();
        try {
            scheduler.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
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
                launch(NatsServerBinary.resolve(serverBinary));
                int count = restarts.incrementAndGet();
                LOG.info("nats-server restarted node={} pid={} restarts={}", settings.serverName(), child.pid(), count);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                failedRestarts.incrementAndGet();
                String firstLine = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                LOG.warn("nats-server restart failed node={} retryInMs={} reason={}", settings.serverName(),
                        backoff.nextDelay().toMillis(), firstLine);
                LOG.debug("nats-server restart failure detail node={}", settings.serverName(), e);
                if (!stopping) {
                    scheduleAttempt();
                }
            }
        }
    }

    /** Stops supervision, then the child (SIGINT, wait, SIGKILL); removes the PID file. Idempotent. */
    void stop() throws InterruptedException {
        stopping = true;
        // Interrupts a restart in progress, so stop() does not wait for its health check.
        ScheduledExecutorService s = scheduler;
        if (s != null) {
            s.shutdownNow();
        }
        synchronized (lifecycle) {
            ServerChild c = child;
            child = null;
            if (c != null) {
                boolean forced = c.terminate(shutdownTimeout);
                PidFile.deleteIfOf(settings.pidFile(), c.pid());
                if (forced) {
                    // It did not stop within nats.shutdownTimeout of SIGINT and was killed: its store is checked at
                    // the next start, and a child that hangs on stop is worth an operator's look.
                    LOG.warn("nats-server stopped node={} pid={} exit={} forced=true (no exit within {} of SIGINT)",
                            settings.serverName(), c.pid(), lastExitCode, shutdownTimeout);
                } else {
                    LOG.info("nats-server stopped node={} pid={} exit={} forced=false", settings.serverName(), c.pid(),
                            lastExitCode);
                }
            }
            if (dataDirLock != null) {
                dataDirLock.close();
            }
        }
        if (s != null) {
            s.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        stopped.countDown();
        if (Thread.currentThread() != exitHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(exitHook);
            } catch (IllegalStateException exiting) {
                // The JVM is exiting: the hook runs, finds the child stopped and returns.
            }
        }
    }

    /** The settings in effect (ports chosen) once started; before that, as requested. */
    NatsServerSettings settings() {
        return settings;
    }

    /** The current child, null while there is none (before start, between a crash and its restart). */
    ServerChild child() {
        return child;
    }

    int restartCount() {
        return restarts.get();
    }

    int failedRestartCount() {
        return failedRestarts.get();
    }

    OptionalInt lastExitCode() {
        Integer code = lastExitCode;
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }
}
