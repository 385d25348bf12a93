package io.presence.service.store;

import io.dropwizard.lifecycle.Managed;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.presence.service.core.PresenceChangeListener;
import io.presence.service.core.PresenceRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one watch on its local KV bucket: an initial snapshot, then every change, handed to the
 * listeners (cache, expiry reaper, later the change stream).
 *
 * <p>jnats' own recovery of a watch after the server restarts waits for missed idle heartbeats
 * (15-19 s measured), so on every reconnect this class drops the old subscription and watches again
 * from the last revision it saw. Listeners tolerate the resulting duplicates (newer revision wins).
 * In a cluster the watch's consumer may live on another center's server and die with it while this
 * node stays connected: {@link #resubscribeIfStalled} watches again once the stream is seen ahead of
 * the watch at two checks in a row without the watch moving.
 */
public final class KvWatch implements Managed, ConnectionListener {

    /**
     * Gauge: revisions the bucket's stream held at the last check (a center's own or its quorum's, a leaf's hub's)
     * that this watch had not delivered yet, so how far this node's cache is behind the authoritative bucket;
     * on a leaf that includes its mirror's lag. 0 while the stream does not answer (the link's gauge says so).
     */
    public static final String LAG_METRIC = "kv.watch.lag";

    private static final Logger LOG = LoggerFactory.getLogger(KvWatch.class);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(5);

    private final Connection connection;
    private final KeyValue kv;
    /** The bucket with a longer request timeout: a watch from the start asks for the last entry of every key. */
    private final KeyValue snapshotKv;
    private final NatsKvPresenceStore decoder;
    private final CachedPresenceStore known;
    private final List<PresenceChangeListener> listeners;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "kv-watch");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong lastRevision = new AtomicLong();
    private final CountDownLatch snapshotLoaded = new CountDownLatch(1);
    private volatile Subscription current;
    private volatile boolean stopped;
    /** True while a subscribe waits for its consumer, which is not a stall (see {@link #resubscribeIfStalled}). */
    private volatile boolean subscribing;
    /** The revision the watch was at when last seen behind the stream, or -1. */
    private volatile long behindAt = -1;

    /**
     * @param known the cache: a change it already holds at that revision (this node's own write, which
     *              enters the cache on acknowledgement) is taken from it instead of decoded again, and a change
     *              that {@link PresenceRecord#restates restates} what it holds at an earlier revision is a move
     */
    public KvWatch(Connection connection, KeyValue kv, KeyValue snapshotKv, NatsKvPresenceStore decoder,
                   CachedPresenceStore known, List<PresenceChangeListener> listeners) {
        this.connection = connection;
        this.kv = kv;
        this.snapshotKv = snapshotKv;
        this.decoder = decoder;
        this.known = known;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Subscribes and waits (bounded) for the initial snapshot, so the node starts with a warm cache. Called while
     * the node is wired, not as a managed start: Jetty listens on its ports before it starts managed objects, and
     * connections taken while the snapshot loads (seconds, up to a minute with 1M users) would wait unanswered.
     */
    public void load() throws InterruptedException {
        connection.addConnectionListener(this);
        try {
            current = subscribe();
        } catch (IOException | JetStreamApiException e) {
            // A center restarted while its cluster elects a meta leader can open the bucket but not yet
            // watch it (consumers are placed by the meta leader): keep trying rather than refuse to start.
            LOG.warn("kv watch not subscribed yet, retrying: {}", e.toString());
            executor.execute(() -> resubscribe(Duration.ofMillis(100)));
        }
        long started = System.nanoTime();
        if (snapshotLoaded.await(60, TimeUnit.SECONDS)) {
            LOG.info("kv watch snapshot loaded up to rev={} in {} ms", lastRevision.get(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } else {
            LOG.warn("initial KV snapshot not complete after 60s; serving while it loads");
        }
    }

    @Override
    public void stop() {
        stopped = true;
        connection.removeConnectionListener(this);
        executor.shutdownNow();
        Subscription sub = current;
        if (sub != null) {
            sub.close();
        }
    }

    @Override
    public void connectionEvent(Connection conn, Events type) {
        if (type == Events.RECONNECTED && !stopped) {
            executor.execute(() -> resubscribe(Duration.ofMillis(100)));
        }
    }

    /** Whether the snapshot has loaded and the watch is subscribed on a live connection. */
    public boolean isAlive() {
        Subscription sub = current;
        return snapshotLoaded.getCount() == 0 && sub != null && !sub.closed
                && connection.getStatus() == Connection.Status.CONNECTED;
    }

    /**
     * Whether the cache this watch feeds is current: the watch is alive and was not seen behind the stream at the
     * last check without having moved since (its consumer lost with a center, for the two checks until it watches
     * again). Reads while it is not are marked stale.
     */
    public boolean isCurrent() {
        return isAlive() && behindAt != lastRevision.get();
    }

    /**
     * Called with the stream's newest revision (a center's {@link StreamLink} check, every second): a
     * watch behind it at two checks in a row without moving has lost its consumer, so it watches again
     * from its last revision instead of waiting out jnats' heartbeat alarm (about 35 s measured).
     */
    public synchronized void resubscribeIfStalled(long streamLastSequence) {
        long seen = lastRevision.get();
        if (subscribing || streamLastSequence <= seen) {
            behindAt = -1;
        } else if (behindAt == seen) {
            behindAt = -1;
            LOG.warn("kv watch stalled at rev={} while the stream is at rev={}: watching again", seen,
                    streamLastSequence);
            executor.execute(() -> resubscribe(Duration.ofMillis(100)));
        } else {
            behindAt = seen;
        }
    }

    /** Watches again from the last revision seen, e.g. on a leaf's mirror created again ({@link MirrorRepair}). */
    public void watchAgain() {
        if (!stopped) {
            executor.execute(() -> resubscribe(Duration.ofMillis(100)));
        }
    }

    /** The highest revision seen so far. */
    public long lastRevision() {
        return lastRevision.get();
    }

    /** How far the watch is behind {@code streamLastSequence}, the stream's newest revision (0 when unknown). */
    public long lagBehind(long streamLastSequence) {
        return Math.max(0, streamLastSequence - lastRevision.get());
    }

    private void resubscribe(Duration retryDelay) {
        if (stopped) {
            return;
        }
        Subscription old = current;
        if (old != null) {
            old.close();
        }
        try {
            current = subscribe();
            LOG.info("kv watch re-subscribed fromRev={}", lastRevision.get() + 1);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            Duration next = retryDelay.multipliedBy(2).compareTo(MAX_RETRY_DELAY) > 0
                    ? MAX_RETRY_DELAY : retryDelay.multipliedBy(2);
            LOG.warn("kv watch re-subscribe failed, retrying in {} ms: {}", retryDelay.toMillis(), e.toString());
            executor.schedule(() -> resubscribe(next), retryDelay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Subscription subscribe() throws IOException, JetStreamApiException, InterruptedException {
        Subscription sub = new Subscription();
        long from = lastRevision.get();
        subscribing = true;
        try {
            // Resuming from a revision is cheap for the server; only a watch from the start waits long.
            sub.natsSubscription = from == 0 ? snapshotKv.watchAll(sub) : kv.watchAll(sub, from + 1);
        } finally {
            subscribing = false;
        }
        return sub;
    }

    private void dispatch(KeyValueEntry entry) {
        lastRevision.accumulateAndGet(entry.getRevision(), Math::max);
        String userId;
        try {
            userId = UserKeyCodec.decode(entry.getKey());
        } catch (IllegalArgumentException e) {
            LOG.warn("skipping foreign KV key key={} rev={}", entry.getKey(), entry.getRevision());
            return;
        }
        if (entry.getOperation() == KeyValueOperation.PUT) {
            // One look at the cache: this node's write may enter it at any moment, and a second look could see the
            // write itself, unchanged since, and take it for a record moved forward.
            Optional<PresenceRecord> held = known.cached(userId);
            if (held.isPresent() && held.get().revision() == entry.getRevision()) {
                listeners.forEach(l -> l.onPut(held.get()));
                return;
            }
            decoder.decode(userId, entry).ifPresent(record -> {
                if (held.filter(record::restates).isPresent()) {
                    listeners.forEach(l -> l.onMoved(record));
                } else {
                    listeners.forEach(l -> l.onPut(record));
                }
            });
        } else {
            listeners.forEach(l -> l.onDelete(userId, entry.getRevision()));
        }
    }

    /** One subscription's watcher; once closed it ignores late deliveries. */
    private final class Subscription implements KeyValueWatcher {
        private volatile NatsKeyValueWatchSubscription natsSubscription;
        private volatile boolean closed;

        @Override
        public void watch(KeyValueEntry entry) {
            if (!closed) {
                dispatch(entry);
            }
        }

        @Override
        public void endOfData() {
            if (!closed) {
                snapshotLoaded.countDown();
            }
        }

        void close() {
            closed = true;
            NatsKeyValueWatchSubscription sub = natsSubscription;
            if (sub != null) {
                try {
                    sub.unsubscribe();
                } catch (RuntimeException e) {
                    LOG.debug("old kv watch already gone: {}", e.toString());
                }
            }
        }
    }
}
