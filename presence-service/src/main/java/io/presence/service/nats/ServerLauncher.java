package io.presence.service.nats;

import io.presence.service.nats.ReadinessProbe.NotReady;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one nats-server child and waits until it is ready: stops a stale server the PID file names,
 * writes the config, runs {@code nats-server -c <config>} in the data dir, in a session of its own and bound to
 * die with the thread that starts it, and writes the PID file. A child that does not become ready is stopped,
 * and the start fails with the command, the config and the child's last output.
 */
final class ServerLauncher {

    // Logged as the embedded server's lifecycle, under the logger name it always had.
    private static final Logger LOG = LoggerFactory.getLogger(NatsServerProcess.class);
    private static final Duration FAILED_START_EXIT_TIMEOUT = Duration.ofSeconds(2);
    /**
     * setsid(1), where the machine has it (util-linux, in every Debian). Ctrl-C in a terminal signals the whole
     * job, child processes included: a child in a session of its own hears only the node, which stops it after
     * the connections that use it, so a clean stop logs no dead server, no restart and no lost connection. setsid
     * runs the server in its own process (a child is never a group leader), so the PID is the server's.
     */
    private static final Optional<Path> SETSID = installed("setsid");
    /**
     * setpriv(1), util-linux too: {@code --pdeathsig INT} has the kernel send the server SIGINT, the stop the node
     * itself sends, when the thread that started it ends. A JVM killed with SIGKILL (or by the OOM killer) thus
     * takes its server with it at once, rather than leaving it to serve its replica until it next logs a line
     * into the dead JVM's pipe and dies of SIGPIPE, at a moment nobody chose. Only a thread that lives as long
     * as the child may start it: {@link ServerSupervisor} launches from its own.
     */
    private static final Optional<Path> SETPRIV = installed("setpriv");

    private final NatsConfigWriter configWriter = new NatsConfigWriter();
    private final ReadinessProbe readiness;
    private final Duration staleExitTimeout;
    private final IntConsumer exitCodes;

    /**
     * @param startupTimeout   how long a child may take to report healthy
     * @param staleExitTimeout how long a stale server gets to exit on SIGINT before it is killed
     * @param exitCodes        told a child's exit code once {@link ServerChild#terminate} sees it exit
     */
    ServerLauncher(Duration startupTimeout, Duration staleExitTimeout, IntConsumer exitCodes) {
        this.readiness = new ReadinessProbe(startupTimeout);
        this.staleExitTimeout = staleExitTimeout;
        this.exitCodes = exitCodes;
    }

    /**
     * The started, healthy child.
     *
     * @param stopRequested polled while waiting for the child to become ready; true ends the start
     * @throws NatsServerStartException when the child does not become ready
     */
    ServerChild launch(Path binary, NatsServerSettings s, BooleanSupplier stopRequested)
            throws IOException, InterruptedException {
        StaleServerCleaner.stopStale(s.pidFile(), s.configFile(), s.serverName(), staleExitTimeout);
        String config = configWriter.write(s);
        List<String> command = List.of(binary.toString(), "-c", s.configFile().toString());
        List<String> launched = new ArrayList<>();
        SETSID.ifPresent(setsid -> launched.add(setsid.toString()));
        SETPRIV.ifPresent(setpriv -> launched.addAll(List.of(setpriv.toString(), "--pdeathsig", "INT", "--")));
        launched.addAll(command);
        long began = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(launched)
                .directory(s.dataDir().toFile())
                .redirectErrorStream(true);
        // Go's soft memory limit: without it the server's heap grows to twice its live data between
        // collections, which after 1.5M writes over 100k users was 600 MB (docs/performance.md).
        builder.environment().put("GOMEMLIMIT", Long.toString(s.limits().memoryLimit()));
        // And a heap that grows by half its live data between collections rather than doubling: under random writes
        // the server holds 50-80 MB less, for no CPU per write this machine could measure (docs/performance.md).
        builder.environment().put("GOGC", Integer.toString(s.limits().gcPercent()));
        Process process = builder.start();
        ServerChild c = new ServerChild(process, ServerOutputPump.start(process, s.serverName()), exitCodes);
        try {
            PidFile.write(s.pidFile(), process.pid());
            readiness.awaitHealthy(process, s, stopRequested);
        } catch (NotReady | IOException | InterruptedException | RuntimeException e) {
            c.terminate(FAILED_START_EXIT_TIMEOUT);
            PidFile.deleteIfOf(s.pidFile(), process.pid());
            if (e instanceof InterruptedException) {
                throw (InterruptedException) e;
            }
            String reason = e instanceof NotReady ? e.getMessage() : e.toString();
            throw new NatsServerStartException(failureMessage(reason, command, s, NatsConfigWriter.redact(config), c),
                    c.output().tail(), e instanceof NotReady ? null : e);
        }
        c.markHealthy();
        LOG.info("nats-server ready node={} pid={} client={} monitor={}{} tookMs={}", s.serverName(), process.pid(),
                ServerUrls.clientUrl(s), ServerUrls.monitorUrl(s), ServerUrls.leafnodes(s),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        return c;
    }

    private static Optional<Path> installed(String tool) {
        return Stream.of("/usr/bin/", "/bin/").map(dir -> Path.of(dir + tool)).filter(Files::isExecutable).findFirst();
    }

    private static String failureMessage(String reason, List<String> command, NatsServerSettings s, String config,
            ServerChild c) {
        List<String> tail = c.output().tail();
        StringBuilder m = new StringBuilder(1024)
                .append("nats-server failed to start node=").append(s.serverName()).append(": ").append(reason)
                .append("\ncommand: ").append(String.join(" ", command))
                .append("\nconfig ").append(s.configFile()).append(":\n").append(config)
                .append("last ").append(tail.size()).append(" lines of output:\n");
        tail.forEach(line -> m.append("  ").append(line).append('\n'));
        return m.toString();
    }
}
