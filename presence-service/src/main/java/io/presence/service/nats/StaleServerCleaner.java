package io.presence.service.nats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a nats-server left running by a JVM that died without stopping its child. The PID file is
 * trusted only as far as it can be checked: the process must be alive, be a nats-server, and run
 * this data dir's config; a PID reused by some other process is never signalled.
 */
final class StaleServerCleaner {

    private static final Logger LOG = LoggerFactory.getLogger(StaleServerCleaner.class);

    private StaleServerCleaner() {
    }

    /** Stops the stale server named by {@code pidFile}, if any, and removes the file. */
    static void stopStale(Path pidFile, Path configFile, String node, Duration timeout)
            throws IOException, InterruptedException {
        OptionalLong pid = PidFile.read(pidFile);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive);
        if (handle.isPresent() && isOurServer(handle.get(), configFile)) {
            boolean forced = ProcessSignals.interruptThenKill(handle.get(), timeout);
            LOG.warn("stale nats-server pid={} stopped node={} forced={}", pid.getAsLong(), node, forced);
        } else if (handle.isPresent()) {
            LOG.warn("PID file names pid={} which is not this node's nats-server; leaving it alone node={}",
                    pid.getAsLong(), node);
        }
        Files.deleteIfExists(pidFile);
    }

    static boolean isOurServer(ProcessHandle process, Path configFile) {
        String cmdline = commandLine(process);
        return cmdline.contains("nats-server") && cmdline.contains(configFile.toString());
    }

    /** /proc is exact (arguments are NUL-separated); ProcessHandle.Info is the portable fallback. */
    static String commandLine(ProcessHandle process) {
        Path proc = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            byte[] raw = Files.readAllBytes(proc);
            if (raw.length > 0) {
                return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
            }
        } catch (IOException | SecurityException e) {
            // no /proc (not Linux) or no access: fall back below
        }
        return process.info().commandLine().orElse("");
    }
}
