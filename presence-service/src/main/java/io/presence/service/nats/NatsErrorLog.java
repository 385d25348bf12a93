package io.presence.service.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.impl.ErrorListenerLoggerImpl;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the node's NATS connection reports going wrong, in the node's log: one {@code key=value} WARN line per kind
 * of failure, said again at most once a minute with how often it came meanwhile ({@link LogRepeats}). jnats' own
 * listener logs every failed attempt at ERROR: while the supervisor restarts a dead nats-server the connection
 * retries every 250 ms, which was 47 ERROR lines for 7 restarts, and a refused password one a second for as long as
 * it lasts. The rest (slow consumers, heartbeats, statuses) stays jnats' own.
 */
final class NatsErrorLog extends ErrorListenerLoggerImpl {

    private static final Logger LOG = LoggerFactory.getLogger(NatsConnector.class);

    private final String node;
    private final LogRepeats repeats;

    NatsErrorLog(String node) {
        this(node, System::nanoTime);
    }

    NatsErrorLog(String node, LongSupplier nanoTime) {
        this.node = node;
        this.repeats = new LogRepeats(nanoTime);
    }

    @Override
    public void errorOccurred(Connection conn, String error) {
        say("server said: " + error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        say(exp.getClass().getSimpleName() + ": " + exp.getMessage());
    }

    /**
     * A JetStream subscription that missed its idle heartbeats; jnats' ordered consumers (the KV watch) start over on
     * it by themselves. One subscription left without its consumer alarmed every 15 s for as long as the node ran
     * after an 83 s outage of its nats-server: said once a minute, with its subject, here.
     */
    @Override
    public void heartbeatAlarm(Connection conn, JetStreamSubscription sub, long lastStreamSequence,
            long lastConsumerSequence) {
        say("heartbeat alarm: subscription " + (sub == null ? "?" : sub.getSubject()) + " missed its idle heartbeats"
                + " (last stream sequence " + lastStreamSequence + ")");
    }

    private void say(String failure) {
        repeats.sayNow(failure).ifPresent(unsaid -> LOG.warn("nats connection failure node={} error=\"{}\"{}", node,
                failure, LogRepeats.suffix(unsaid)));
    }
}
