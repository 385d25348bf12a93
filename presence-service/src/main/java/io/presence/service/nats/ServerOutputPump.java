package io.presence.service.nats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards a nats-server child's output (stdout and stderr merged) to the {@code nats-server}
 * logger, one event per line, and keeps the last lines for start-failure messages. The thread ends
 * when the child closes its output, i.e. when it exits.
 */
final class ServerOutputPump {

    static final String LOGGER_NAME = "nats-server";
    static final int TAIL_LINES = 50;
    /**
     * nats-server's advice whenever a config holds a password (the client port's token, leafnode and route
     * passwords): the node writes those itself into a config only its user may read, and nats-server 2.9 takes a
     * hashed one only as bcrypt, which no library the node has computes. Logged as information, not as a warning an
     * operator could act on.
     */
    static final String PLAINTEXT_PASSWORDS = "Plaintext passwords detected";
    private static final Logger SERVER_LOG = LoggerFactory.getLogger(LOGGER_NAME);
    // "[1234] 2026/11/28 12:54:40.851018 ": our log event already has the time and the pid.
    private static final Pattern SERVER_PREFIX =
            Pattern.compile("^\\[\\d+\\] (\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+ )?");

    /** nats-server's lines for a leafnode link made or closed. */
    static final String LEAFNODE_CONNECTION = "Leafnode connection";
    /** The hub's refusal of a second leafnode link from a server of the same name. */
    static final String DUPLICATE_LINK = "Duplicate Remote LeafNode Connection";
    /**
     * How long after the last refusal the duplicate counts as current. Two leaves of one name take the
     * link from each other every 2 s or so (nats-server's reconnect delay), and each refusal is logged.
     */
    static final Duration DUPLICATE_LINK_WINDOW = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(ServerOutputPump.class);

    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private final Deque<String> tail = new ArrayDeque<>(TAIL_LINES);
    private final LogRepeats repeats = new LogRepeats(System::nanoTime);
    private volatile String lastLeafnodeError;
    private volatile long duplicateLinkNanos;
    private volatile boolean duplicateLinkSeen;
    private final Thread thread;
    private final String node;
    private final long pid;

    private ServerOutputPump(InputStream output, String node, long pid) {
        this.node = node;
        this.pid = pid;
        this.thread = new Thread(() -> pump(output), "nats-server-output-" + node + "-" + pid);
        this.thread.setDaemon(true);
    }

    static ServerOutputPump start(Process process, String node) {
        ServerOutputPump pump = new ServerOutputPump(process.getInputStream(), node, process.pid());
        pump.thread.start();
        return pump;
    }

    private void pump(InputStream output) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                // nats-server quotes a leafnode or route URL it cannot parse with its password.
                line = UrlCredentials.masked(line);
                remember(line);
                String text = SERVER_PREFIX.matcher(line).replaceFirst("");
                noteLeafnodeEvent(text);
                log(text);
            }
        } catch (IOException e) {
            // The stream closes under us when the child is killed; nothing more to forward.
            SERVER_LOG.debug("node={} pid={} output closed: {}", node, pid, e.toString());
        }
    }

    private void log(String line) {
        if (line.contains("[FTL]")) {
            SERVER_LOG.error("node={} pid={} {}", node, pid, line);
        } else if (line.contains("[ERR]")) {
            // A leaf with the wrong password, or a client retrying, is one such line a second for as long as it lasts.
            repeats.sayNow(kind(line)).ifPresent(unsaid -> SERVER_LOG.error("node={} pid={} {}{}", node, pid, line,
                    LogRepeats.suffix(unsaid)));
        } else if (line.contains("[WRN]") && !line.contains(PLAINTEXT_PASSWORDS)) {
            repeats.sayNow(kind(line)).ifPresent(unsaid -> SERVER_LOG.warn("node={} pid={} {}{}", node, pid, line,
                    LogRepeats.suffix(unsaid)));
        } else if (line.contains(LEAFNODE_CONNECTION)) {
            // A leaf refused at every attempt (a wrong password) is a link made and closed again each second.
            repeats.sayNow(kind(line)).ifPresent(unsaid -> SERVER_LOG.info("node={} pid={} {}{}", node, pid, line,
                    LogRepeats.suffix(unsaid)));
        } else if (line.contains("[DBG]") || line.contains("[TRC]")) {
            SERVER_LOG.debug("node={} pid={} {}", node, pid, line);
        } else {
            SERVER_LOG.info("node={} pid={} {}", node, pid, line);
        }
    }

    /** A line with its numbers left out (addresses, ports, connection ids): the same failure from another attempt. */
    static String kind(String line) {
        return DIGITS.matcher(line).replaceAll("#");
    }

    /** Keeps the last leafnode error line ({@code lid:} is nats-server's leafnode connection id). */
    void noteLeafnodeEvent(String line) {
        if (line.contains(DUPLICATE_LINK)) {
            duplicateLinkNanos = System.nanoTime();
            if (!duplicateLinkSeen) {
                duplicateLinkSeen = true;
                LOG.error("node={} {}", node, duplicateLinkProblem());
            }
        }
        if (line.contains("Leafnode connection created")) {
            lastLeafnodeError = null;
        } else if (line.contains("[ERR]") && (line.contains("lid:") || line.toLowerCase(Locale.ROOT)
                .contains("leafnode"))) {
            lastLeafnodeError = line;
        }
    }

    Optional<String> lastLeafnodeError() {
        return Optional.ofNullable(lastLeafnodeError);
    }

    /** Why the hub link keeps dropping, while the hub refuses it as a duplicate. */
    Optional<String> duplicateLink() {
        boolean current = duplicateLinkSeen
                && System.nanoTime() - duplicateLinkNanos < DUPLICATE_LINK_WINDOW.toNanos();
        return current ? Optional.of(duplicateLinkProblem()) : Optional.empty();
    }

    private String duplicateLinkProblem() {
        return "another leaf named '" + node + "' is linked to the hub, which keeps one link per name, so the"
                + " two keep taking it from each other: give every leaf its own node.id (NODE_ID)";
    }

    private void remember(String line) {
        synchronized (tail) {
            if (tail.size() == TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(line);
        }
    }

    /** Waits (bounded) until all output of an exited child has been read. */
    void awaitEnd(Duration timeout) throws InterruptedException {
        thread.join(Math.max(1, timeout.toMillis()));
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    List<String> tail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }
}
