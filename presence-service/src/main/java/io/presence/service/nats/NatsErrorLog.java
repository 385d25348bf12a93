package io.presence.service.nats;

import io.nats.client.Connection;
import io.nats.client.impl.ErrorListenerLoggerImpl;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the node's NATS connection reports going wrong, in the node's log: one {@code key=value} WARN line per kind
 * of failure, said again at most once a {@link #REPEAT_AFTER} with how often it came meanwhile. jnats' own listener
 * logs every failed attempt at ERROR: while the supervisor restarts a dead nats-server the connection retries every
 * 250 ms, which was 47 ERROR lines for 7 restarts, and a refused password one a second for as long as it lasts. The
 * rest (slow consumers, heartbeats, statuses) stays jnats' own.
 */
final class NatsErrorLog extends ErrorListenerLoggerImpl {

    /** How long one kind of failure goes unsaid after it was logged. */
    static final Duration REPEAT_AFTER = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(NatsConnector.class);

    private final String node;
    private final LongSupplier nanoTime;
    private String lastSaid;
    private long saidAt;
    private int unsaid;

    NatsErrorLog(String node) {
        this(node, System::nanoTime);
    }

    NatsErrorLog(String node, LongSupplier nanoTime) {
        this.node = node;
        this.nanoTime = nanoTime;
    }

    @Override
    public void errorOccurred(Connection conn, String error) {
        say("server said: " + error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        say(exp.getClass().getSimpleName() + ": " + exp.getMessage());
    }

    private void say(String failure) {
        int repeated;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            boolean again = failure.equals(lastSaid);
            if (again && now - saidAt < REPEAT_AFTER.toNanos()) {
                unsaid++;
                return;
            }
            repeated = again ? unsaid : 0;
            lastSaid = failure;
            saidAt = now;
            unsaid = 0;
        }
        if (repeated > 0) {
            LOG.warn("nats connection failure node={} error=\"{}\" repeatedSinceLastSaid={}", node, failure, repeated);
        } else {
            LOG.warn("nats connection failure node={} error=\"{}\"", node, failure);
        }
    }
}
