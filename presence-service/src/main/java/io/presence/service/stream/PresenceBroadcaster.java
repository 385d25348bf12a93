package io.presence.service.stream;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import io.presence.service.core.PresenceChangeListener;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PresenceService;
import io.presence.service.metrics.ValueOf;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one fan-out of presence changes to its open streams. Registered with the KV watch like the cache;
 * subscribers are indexed by user id, so a change costs one encoding plus one queue offer per interested stream.
 * A subscriber whose bounded queue is full is dropped: the watch thread never waits for a reader.
 */
public final class PresenceBroadcaster implements PresenceChangeListener, Managed {

    /** Gauge: the streams open now (their subscribers). */
    public static final String OPEN_METRIC = "stream.open";
    /** Meter: presence events queued to streams (heartbeats not counted). */
    public static final String EVENTS_METRIC = "stream.events";
    /** Counter: streams disconnected because their client read too slowly. */
    public static final String DROPPED_METRIC = "stream.dropped";

    private static final Logger LOG = LoggerFactory.getLogger(PresenceBroadcaster.class);
    private static final StreamEvent HEARTBEAT =
            new StreamEvent(null, 0, ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8));

    private final Function<PresenceRecord, String> toJson;
    private final Clock clock;
    private final int maxStreams;
    private final int queueSize;
    /**
     * Heartbeats go out in this many slices of the interval, each tick to the streams of one slice. Sent to
     * every stream at one moment, 100k streams' heartbeats queued 100k writes at once, and an event written
     * then waited behind them: up to 0.9 s (docs/performance.md, "Streams at scale over h2c").
     */
    static final int HEARTBEAT_SLICES = 30;
    private final Duration heartbeatInterval;
    private final Duration clientCheckInterval;
    private final Map<String, Set<Subscriber>> byUser = new ConcurrentHashMap<>();
    private final Set<Subscriber> all = ConcurrentHashMap.newKeySet();
    /** The users with privacy settings whose public view was sent, and its revision (see {@link #newsToStreams}). */
    private final Map<String, Long> privateSent = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    /** The newest revision the watch has delivered: an event id up to it names a change this node has seen. */
    private final AtomicLong latestSeen = new AtomicLong();
    private final Meter events;
    private final Counter dropped;
    private final ScheduledExecutorService heartbeats;
    /** The slice the next stream's heartbeats go out with: streams take the slices in turn. */
    private final AtomicInteger nextSlice = new AtomicInteger();
    /** Heartbeat ticks so far: read and written on the heartbeat thread only. */
    private long heartbeatTicks;
    private final ExecutorService writers;
    private volatile boolean stopped;

    /**
     * @param toJson one presence as JSON on one line (the same JSON as {@code GET /{userId}})
     * @param queueSize events a subscriber may have waiting beyond its initial snapshot
     * @param clientCheckInterval how often each stream's transport looks whether its client has gone
     */
    public PresenceBroadcaster(Function<PresenceRecord, String> toJson, Clock clock, int maxStreams, int queueSize,
                               Duration heartbeatInterval, Duration clientCheckInterval, int writerThreads,
                               MetricRegistry metrics) {
        this(toJson, clock, maxStreams, queueSize, heartbeatInterval, clientCheckInterval, writerThreads, metrics,
                Executors.newSingleThreadScheduledExecutor(daemon("stream-heartbeat")));
    }

    /** As above, with the timers scheduled on {@code heartbeats}: tests pass one whose time they move. */
    PresenceBroadcaster(Function<PresenceRecord, String> toJson, Clock clock, int maxStreams, int queueSize,
                        Duration heartbeatInterval, Duration clientCheckInterval, int writerThreads,
                        MetricRegistry metrics, ScheduledExecutorService heartbeats) {
        this.toJson = toJson;
        this.clock = clock;
        this.maxStreams = maxStreams;
        this.queueSize = queueSize;
        this.heartbeatInterval = heartbeatInterval;
        this.clientCheckInterval = clientCheckInterval;
        this.heartbeats = heartbeats;
        this.writers = Executors.newFixedThreadPool(writerThreads, daemon("stream-writer"));
        metrics.register(OPEN_METRIC, new ValueOf<>(open::get));
        this.events = metrics.meter(EVENTS_METRIC);
        this.dropped = metrics.counter(DROPPED_METRIC);
    }

    @Override
    public void start() {
        // Each stream's heartbeats come one interval apart (or a few nanoseconds less), its first within one.
        long tick = Math.max(1, heartbeatInterval.toNanos() / HEARTBEAT_SLICES);
        heartbeats.scheduleAtFixedRate(this::heartbeat, tick, tick, TimeUnit.NANOSECONDS);
        long check = clientCheckInterval.toMillis();
        heartbeats.scheduleWithFixedDelay(this::checkClients, check, check, TimeUnit.MILLISECONDS);
    }

    /** Ends every open stream (the server is stopping) and the heartbeat and writer threads. */
    @Override
    public void stop() {
        closeAll();
        heartbeats.shutdownNow();
        writers.shutdown();
    }

    /** Ends every open stream; later subscriptions are refused. */
    public void closeAll() {
        stopped = true;
        all.forEach(this::unsubscribe);
    }

    /**
     * Registers a stream for {@code userIds}; changes after {@code lastEventId} are held from now on, until the
     * caller {@link #start starts} it with each user's current presence, so nothing is lost in between.
     *
     * @throws StreamLimitException when the node already serves its maximum of streams
     */
    public Subscriber subscribe(Collection<String> userIds, long lastEventId, StreamSink sink) {
        if (stopped) {
            throw StreamLimitException.stopping();
        }
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            throw StreamLimitException.full(maxStreams);
        }
        Set<String> distinct = new LinkedHashSet<>(userIds);
        Subscriber subscriber = new Subscriber(this, distinct, lastEventId, queueSize + distinct.size(), sink,
                Math.floorMod(nextSlice.getAndIncrement(), HEARTBEAT_SLICES));
        all.add(subscriber);
        for (String userId : distinct) {
            byUser.computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet()).add(subscriber);
        }
        return subscriber;
    }

    /**
     * Queues the subscriber's opening snapshot, each user's presence from {@code current} unless it already has
     * that revision or a newer one, with the changes held since it subscribed, in revision order. A presence newer
     * than this node's watch has delivered (the cache takes this node's own writes on acknowledgement, before the
     * watch brings them back) is left to the watch, which queues it once it gets there: queued now, an older
     * change of another user that the watch delivers next would follow a newer id, and a stream resumed after
     * that id would never get it.
     */
    public void start(Subscriber subscriber, Function<String, Optional<PresenceRecord>> current) {
        start(subscriber, current, 0);
    }

    /**
     * As {@link #start(Subscriber, Function)}, for a stream asked to resume after {@code unknownEventId}, an id newer
     * than anything stored here (0: none): it starts over, and says so first with a {@code restart} event, since
     * the snapshot alone would tell a client nothing when none of its users has a presence here.
     */
    public void start(Subscriber subscriber, Function<String, Optional<PresenceRecord>> current, long unknownEventId) {
        // Read before the presences: every change up to it is in the cache by then (the cache hears the watch first).
        long seen = latestSeen.get();
        List<StreamEvent> snapshot = new ArrayList<>();
        for (String userId : subscriber.userIds()) {
            current.apply(userId).map(this::encode).filter(event -> event.revision() <= seen).ifPresent(snapshot::add);
        }
        int queued = subscriber.release(snapshot, unknownEventId > 0 ? restart(unknownEventId) : null);
        if (queued > 0) {
            events.mark(queued);
            subscriber.sink().wake();
        }
    }

    /** The frame that opens a stream started over: no id, so a client's last event id stays what it sent. */
    private static StreamEvent restart(long unknownEventId) {
        return new StreamEvent(null, 0, ("event: restart\ndata: {\"lastEventId\":" + unknownEventId + "}\n\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Runs transport work (writes, completion) off the watch and request threads. */
    public void execute(Runnable task) {
        writers.execute(task);
    }

    /** Streams open on this node. */
    public int openStreams() {
        return open.get();
    }

    /** The newest revision delivered to this node so far (0 before the first). */
    public long latestSeen() {
        return latestSeen.get();
    }

    @Override
    public void onPut(PresenceRecord record) {
        latestSeen.accumulateAndGet(record.revision(), Math::max);
        if (!newsToStreams(record)) {
            return;
        }
        Set<Subscriber> subscribers = byUser.get(record.userId());
        if (subscribers == null || subscribers.isEmpty()) {
            return;
        }
        StreamEvent event = encode(record);
        for (Subscriber subscriber : subscribers) {
            deliver(subscriber, event);
        }
    }

    /** A record stored again unchanged is no event: a stream shows what its users read, which did not change. */
    @Override
    public void onMoved(PresenceRecord record) {
        latestSeen.accumulateAndGet(record.revision(), Math::max);
    }

    /**
     * Whether a write is news to a stream, which shows everyone's public view. A user with privacy settings
     * (invisible, or lastSeen hidden) must not be seen to write when what others read did not change: their
     * heartbeats would tell watchers they are active, and when. So only a write that starts a new public revision
     * ({@link PresenceRecord#publishedOver}) is sent.
     */
    private boolean newsToStreams(PresenceRecord record) {
        if (record.hasPrivacySettings()) {
            Long sent = privateSent.put(record.userId(), record.publicRevision());
            return sent == null || sent != record.publicRevision();
        }
        privateSent.remove(record.userId());
        return true;
    }

    /** A deleted presence has no {@code Presence} to send; streams see the user's next write. */
    @Override
    public void onDelete(String userId, long revision) {
        latestSeen.accumulateAndGet(revision, Math::max);
    }

    /**
     * Has each stream's transport look whether its client is still there: a client that closed its connection is
     * otherwise noticed only by a write, and an idle stream writes only its heartbeat. With a fixed delay, so a
     * slow pass over many streams is never run twice at once.
     */
    void checkClients() {
        all.forEach(subscriber -> subscriber.sink().checkClient());
    }

    /** Queues a heartbeat comment on the streams of the next slice; a stream too far behind to take one is dropped. */
    void heartbeat() {
        int slice = (int) (heartbeatTicks++ % HEARTBEAT_SLICES);
        all.forEach(subscriber -> {
            if (subscriber.heartbeatSlice() == slice) {
                deliver(subscriber, HEARTBEAT);
            }
        });
    }

    void unsubscribe(Subscriber subscriber) {
        if (!subscriber.markClosed()) {
            return;
        }
        all.remove(subscriber);
        for (String userId : subscriber.userIds()) {
            byUser.computeIfPresent(userId, (k, set) -> {
                set.remove(subscriber);
                return set.isEmpty() ? null : set;
            });
        }
        open.decrementAndGet();
        subscriber.sink().close();
    }

    private void deliver(Subscriber subscriber, StreamEvent event) {
        switch (subscriber.offer(event)) {
            case QUEUED -> {
                if (!event.isHeartbeat()) {
                    events.mark();
                }
                subscriber.sink().wake();
            }
            case HELD -> {
                // queued when the stream starts
            }
            case FULL -> {
                LOG.info("stream dropped: slow reader users={} queued={}", subscriber.userIds().size(),
                        subscriber.queued());
                unsubscribe(subscriber);
                dropped.inc();
            }
            default -> {
                // duplicate or older revision, or already closed
            }
        }
    }

    private StreamEvent encode(PresenceRecord record) {
        PresenceRecord effective = PresenceService.effective(record, clock.instant());
        // A stream shows everyone's view: the event id of a user with privacy settings is their public revision, so a
        // stream resumed since (Last-Event-ID) is not sent their writes meanwhile as news.
        long id = record.publicRevision();
        String frame = "id: " + id + "\nevent: presence\ndata: " + toJson.apply(effective) + "\n\n";
        return new StreamEvent(record.userId(), id, frame.getBytes(StandardCharsets.UTF_8));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
