package io.presence.service.stream;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One open stream: the users it follows, the newest revision it has queued per user (so a change seen twice,
 * once from the snapshot and once from the watch, is sent once and never out of order), and a bounded queue.
 * The queue holds only what waits: an idle stream keeps no room for events it may never get (an array of the
 * bound's size was 1 KB per stream, 100 MB for 100k idle streams).
 *
 * <p>Until it is {@link #release released} with its opening snapshot, a new stream holds the changes offered to
 * it, newest per user; the release queues them with the snapshot in revision order. A stream's event ids then
 * only grow, which is what makes {@code Last-Event-ID} one cursor for all its users: a stream cut after event
 * {@code n} has sent every user whose presence is at revision {@code n} or older (sent in request order, a
 * snapshot cut part-way lost the users after the cut whose revisions were lower).
 */
public final class Subscriber {

    enum Offer { QUEUED, HELD, SKIPPED, FULL, CLOSED }

    private final List<String> userIds;
    private final Map<String, Long> lastRevision = new HashMap<>();
    private final Queue<StreamEvent> queue = new ConcurrentLinkedQueue<>();
    /** Events in the queue; kept beside it since a linked queue counts by walking. */
    private final AtomicInteger queuedCount = new AtomicInteger();
    private final int capacity;
    private final StreamSink sink;
    private final PresenceBroadcaster hub;
    private final int heartbeatSlice;
    /** Changes offered before the release, newest per user; null once released. */
    private Map<String, StreamEvent> held = new HashMap<>();
    private boolean closed;

    /** @param heartbeatSlice which of the hub's heartbeat slices this stream's heartbeats go out with */
    Subscriber(PresenceBroadcaster hub, Collection<String> userIds, long lastEventId, int capacity, StreamSink sink,
               int heartbeatSlice) {
        this.hub = hub;
        this.heartbeatSlice = heartbeatSlice;
        this.userIds = List.copyOf(userIds);
        this.capacity = capacity;
        this.sink = sink;
        for (String userId : userIds) {
            lastRevision.put(userId, lastEventId);
        }
    }

    int heartbeatSlice() {
        return heartbeatSlice;
    }

    /** The users this stream follows, without duplicates. */
    public List<String> userIds() {
        return userIds;
    }

    /** The next frame to write, or null when the queue is empty. */
    public StreamEvent poll() {
        StreamEvent event = queue.poll();
        if (event != null) {
            queuedCount.decrementAndGet();
        }
        return event;
    }

    /** Events waiting to be written. */
    public int queued() {
        return queuedCount.get();
    }

    /** Ends this subscription (idempotent); the transport calls it when the client has gone. */
    public void close() {
        hub.unsubscribe(this);
    }

    StreamSink sink() {
        return sink;
    }

    synchronized Offer offer(StreamEvent event) {
        if (closed) {
            return Offer.CLOSED;
        }
        if (held != null) {
            // Nothing is written before the release; a heartbeat would only precede the snapshot.
            return event.isHeartbeat() || !newer(event) ? Offer.SKIPPED : hold(event);
        }
        if (!event.isHeartbeat() && !newer(event)) {
            return Offer.SKIPPED;
        }
        return enqueue(event);
    }

    /**
     * Ends the hold: queues {@code opening} if any (a frame that is no presence), then the changes held and
     * {@code snapshot} (each user's presence as the stream starts), the newest per user, in revision order.
     *
     * @return the events queued
     */
    synchronized int release(List<StreamEvent> snapshot, StreamEvent opening) {
        if (closed || held == null) {
            return 0;
        }
        snapshot.stream().filter(this::newer).forEach(this::hold);
        List<StreamEvent> ordered = new ArrayList<>(held.values());
        held = null;
        ordered.sort(Comparator.comparingLong(StreamEvent::revision));
        if (opening != null) {
            ordered.add(0, opening);
        }
        int queued = 0;
        for (StreamEvent event : ordered) {
            // The capacity has a place for each user beyond the queue's bound: the snapshot always fits.
            if (enqueue(event) == Offer.QUEUED) {
                queued++;
            }
        }
        return queued;
    }

    private boolean newer(StreamEvent event) {
        Long last = lastRevision.get(event.userId());
        return last != null && event.revision() > last;
    }

    private Offer hold(StreamEvent event) {
        held.put(event.userId(), event);
        lastRevision.put(event.userId(), event.revision());
        return Offer.HELD;
    }

    private Offer enqueue(StreamEvent event) {
        // Offers are serialised by this object's lock; only polls run beside them, and they only shrink the count.
        if (queuedCount.get() >= capacity) {
            return Offer.FULL;
        }
        queuedCount.incrementAndGet();
        queue.add(event);
        if (!event.isHeartbeat()) {
            lastRevision.put(event.userId(), event.revision());
        }
        return Offer.QUEUED;
    }

    /** Marks this subscriber closed; true the first time. */
    synchronized boolean markClosed() {
        if (closed) {
            return false;
        }
        closed = true;
        held = null;
        queue.clear();
        queuedCount.set(0);
        return true;
    }
}
