package io.presence.service.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import io.presence.api.PresenceStatus;
import io.presence.service.core.PresenceRecord;
import io.presence.service.testing.ManualScheduler;
import io.presence.service.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PresenceBroadcasterTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    /** The default interval: on the manual scheduler it costs no waiting. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Duration CLIENT_CHECK = Duration.ofMillis(500);
    private static final String HEARTBEAT_FRAME = ": heartbeat\n\n";

    private final MutableClock clock = new MutableClock(T0);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final MetricRegistry metrics = new MetricRegistry();
    private final PresenceBroadcaster hub = new PresenceBroadcaster(
            r -> r.userId() + ":" + r.status().name() + ":" + r.revision(), clock, 3, 2, HEARTBEAT, CLIENT_CHECK, 1,
            metrics, scheduler);

    @AfterEach
    void stop() {
        hub.stop();
    }

    /** A sink that records wake-ups and closes and lets the test drain its subscriber. */
    private static final class FakeSink implements StreamSink {
        final AtomicInteger wakes = new AtomicInteger();
        final AtomicInteger checks = new AtomicInteger();
        volatile boolean closed;
        /** Whether the client has gone: the next check closes the subscriber, as the servlet's does. */
        volatile boolean clientGone;
        Subscriber subscriber;

        @Override
        public void wake() {
            wakes.incrementAndGet();
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public void checkClient() {
            checks.incrementAndGet();
            if (clientGone) {
                subscriber.close();
            }
        }

        List<String> drain() {
            List<String> frames = new ArrayList<>();
            for (StreamEvent e = subscriber.poll(); e != null; e = subscriber.poll()) {
                frames.add(new String(e.frame(), StandardCharsets.UTF_8));
            }
            return frames;
        }
    }

    private static PresenceRecord record(String user, PresenceStatus status, long rev) {
        return new PresenceRecord(user, status, null, T0, T0, status == PresenceStatus.OFFLINE ? null
                : T0.plusSeconds(60), status == PresenceStatus.OFFLINE ? null : 60L, "n1", rev);
    }

    /** A stream started with no presence to send yet: only changes from now on. */
    private FakeSink subscribe(long lastEventId, String... users) {
        FakeSink sink = subscribeHeld(lastEventId, users);
        hub.start(sink.subscriber, userId -> Optional.empty());
        return sink;
    }

    /** A stream subscribed and not started yet: it holds the changes it is offered. */
    private FakeSink subscribeHeld(long lastEventId, String... users) {
        FakeSink sink = new FakeSink();
        sink.subscriber = hub.subscribe(List.of(users), lastEventId, sink);
        return sink;
    }

    private static Function<String, Optional<PresenceRecord>> current(PresenceRecord... records) {
        Map<String, PresenceRecord> byUser = new HashMap<>();
        for (PresenceRecord record : records) {
            byUser.put(record.userId(), record);
        }
        return userId -> Optional.ofNullable(byUser.get(userId));
    }

    private static List<String> ids(List<String> frames) {
        return frames.stream().map(frame -> frame.substring(0, frame.indexOf('\n'))).toList();
    }

    @Test
    void fansOutByUserOnly() {
        FakeSink a = subscribe(0, "alice");
        FakeSink ab = subscribe(0, "alice", "bob", "alice");
        hub.onPut(record("alice", PresenceStatus.ONLINE, 5));
        hub.onPut(record("bob", PresenceStatus.BUSY, 6));
        hub.onPut(record("carol", PresenceStatus.BUSY, 7));
        hub.onDelete("alice", 8);

        assertThat(a.drain()).containsExactly("id: 5\nevent: presence\ndata: alice:ONLINE:5\n\n");
        assertThat(ab.drain()).containsExactly("id: 5\nevent: presence\ndata: alice:ONLINE:5\n\n",
                "id: 6\nevent: presence\ndata: bob:BUSY:6\n\n");
        assertThat(ab.subscriber.userIds()).containsExactly("alice", "bob");
        assertThat(a.wakes).hasValue(1);
        assertThat(metrics.meter("stream.events").getCount()).isEqualTo(3);
    }

    @Test
    void sendsEachRevisionOnceAndNeverAnOlderOne() {
        FakeSink sink = subscribeHeld(10, "alice", "bob");
        hub.onPut(record("alice", PresenceStatus.ONLINE, 9));
        hub.onPut(record("alice", PresenceStatus.AWAY, 12));
        hub.start(sink.subscriber, current(record("alice", PresenceStatus.AWAY, 12),
                record("bob", PresenceStatus.BUSY, 11)));
        hub.onPut(record("bob", PresenceStatus.ONLINE, 10));

        assertThat(sink.drain()).containsExactly("id: 11\nevent: presence\ndata: bob:BUSY:11\n\n",
                "id: 12\nevent: presence\ndata: alice:AWAY:12\n\n");
    }

    /**
     * The snapshot goes out in revision order whatever order the users were asked in, so a stream cut after any
     * event has sent every user at or below that id: resumed from it, it loses none (in request order, a cut after
     * bob's 7 lost alice's 5 for good).
     */
    @Test
    void startsWithTheSnapshotInRevisionOrder() {
        hub.onPut(record("alice", PresenceStatus.ONLINE, 5));
        hub.onPut(record("bob", PresenceStatus.BUSY, 7));
        PresenceRecord[] now = {record("alice", PresenceStatus.ONLINE, 5), record("bob", PresenceStatus.BUSY, 7)};

        FakeSink first = subscribeHeld(0, "bob", "alice");
        hub.start(first.subscriber, current(now));
        assertThat(ids(first.drain())).containsExactly("id: 5", "id: 7");
        assertThat(metrics.meter("stream.events").getCount()).isEqualTo(2);
        assertThat(first.wakes).hasValue(1);

        FakeSink resumed = subscribeHeld(5, "bob", "alice");
        hub.start(resumed.subscriber, current(now));
        assertThat(ids(resumed.drain())).containsExactly("id: 7");
    }

    /** A change that comes while the stream starts goes in revision order with the snapshot, never before it. */
    @Test
    void changesWhileStartingAreSentInOrderWithTheSnapshot() {
        hub.onPut(record("carol", PresenceStatus.ONLINE, 3));
        hub.onPut(record("bob", PresenceStatus.ONLINE, 4));
        FakeSink sink = subscribeHeld(0, "alice", "bob", "carol");
        hub.onPut(record("alice", PresenceStatus.AWAY, 9));
        hub.heartbeat();
        assertThat(sink.subscriber.queued()).isZero();

        hub.start(sink.subscriber, current(record("alice", PresenceStatus.AWAY, 9),
                record("bob", PresenceStatus.ONLINE, 4), record("carol", PresenceStatus.ONLINE, 3)));
        hub.onPut(record("bob", PresenceStatus.BUSY, 10));

        assertThat(ids(sink.drain())).containsExactly("id: 3", "id: 4", "id: 9", "id: 10");
    }

    /**
     * A presence newer than the watch has brought (this node's own write, in the cache on acknowledgement) is left
     * to the watch: sent first, it would precede an older change of another user that the watch brings next.
     */
    @Test
    void aPresenceNewerThanTheWatchHasBroughtIsLeftToTheWatch() {
        hub.onPut(record("alice", PresenceStatus.ONLINE, 5));
        FakeSink sink = subscribeHeld(0, "alice", "bob", "carol");
        hub.start(sink.subscriber, current(record("alice", PresenceStatus.ONLINE, 5),
                record("bob", PresenceStatus.BUSY, 8)));
        hub.onPut(record("carol", PresenceStatus.AWAY, 6));
        hub.onPut(record("bob", PresenceStatus.BUSY, 8));

        assertThat(ids(sink.drain())).containsExactly("id: 5", "id: 6", "id: 8");
    }

    @Test
    void aStreamClosedBeforeItStartsQueuesNothing() {
        hub.onPut(record("alice", PresenceStatus.ONLINE, 5));
        FakeSink sink = subscribeHeld(0, "alice");
        sink.subscriber.close();
        hub.start(sink.subscriber, current(record("alice", PresenceStatus.ONLINE, 5)));

        assertThat(sink.subscriber.poll()).isNull();
        assertThat(sink.wakes).hasValue(0);
    }

    @Test
    void sendsTheWriteThatHidesAUserButNotTheirWritesWhileHidden() {
        FakeSink sink = subscribe(0, "alice");
        PresenceRecord visible = record("alice", PresenceStatus.ONLINE, 1);
        List<String> frames = new ArrayList<>();
        hub.onPut(visible);
        hub.onPut(hidden(visible, 2));
        frames.addAll(sink.drain());
        // A write while hidden keeps the public revision of the write that hid the user.
        hub.onPut(hidden(record("alice", PresenceStatus.BUSY, 3), 3, 2));
        hub.onPut(record("alice", PresenceStatus.AWAY, 4));
        frames.addAll(sink.drain());
        hub.onPut(hidden(record("alice", PresenceStatus.AWAY, 5), 5));
        frames.addAll(sink.drain());

        assertThat(frames).extracting(frame -> frame.substring(0, frame.indexOf('\n')))
                .containsExactly("id: 1", "id: 2", "id: 4", "id: 5");
    }

    private static PresenceRecord hidden(PresenceRecord record, long rev) {
        return hidden(record, rev, 0);
    }

    private static PresenceRecord hidden(PresenceRecord record, long rev, long publicFrom) {
        return new PresenceRecord(record.userId(), record.status(), null, T0, T0, record.expiresAt(),
                record.ttlSeconds(), "n1", rev, List.of(), T0, false, publicFrom);
    }

    @Test
    void sendsTheEffectiveStatus() {
        FakeSink sink = subscribe(0, "alice");
        clock.advance(Duration.ofMinutes(5));
        hub.onPut(record("alice", PresenceStatus.ONLINE, 3));
        assertThat(sink.drain()).containsExactly("id: 3\nevent: presence\ndata: alice:OFFLINE:3\n\n");
    }

    @Test
    void dropsASlowSubscriberWhileOthersKeepReceiving() {
        FakeSink slow = subscribe(0, "alice");
        FakeSink fast = subscribe(0, "alice");
        for (int rev = 1; rev <= 4; rev++) {
            hub.onPut(record("alice", PresenceStatus.ONLINE, rev));
            fast.drain();
        }
        assertThat(slow.closed).isTrue();
        assertThat(fast.closed).isFalse();
        assertThat(metrics.counter("stream.dropped").getCount()).isEqualTo(1);
        assertThat(hub.openStreams()).isEqualTo(1);
        hub.onPut(record("alice", PresenceStatus.AWAY, 5));
        assertThat(fast.drain()).containsExactly("id: 5\nevent: presence\ndata: alice:AWAY:5\n\n");
        assertThat(slow.subscriber.poll()).isNull();
    }

    @Test
    void limitsStreamsPerNode() {
        FakeSink first = subscribe(0, "a");
        subscribe(0, "b");
        subscribe(0, "c");
        assertThatThrownBy(() -> subscribe(0, "d")).isInstanceOf(StreamLimitException.class)
                .hasMessageContaining("maximum of 3");
        assertThat(metrics.getGauges().get("stream.open").getValue()).isEqualTo(3);
        first.subscriber.close();
        first.subscriber.close();
        assertThat(first.closed).isTrue();
        subscribe(0, "d");
        assertThat(hub.openStreams()).isEqualTo(3);
    }

    @Test
    void sendsAHeartbeatToEveryStreamEachIntervalOnceStarted() {
        FakeSink alice = subscribe(0, "alice");
        FakeSink bob = subscribe(0, "bob");
        scheduler.advance(HEARTBEAT.multipliedBy(2));
        assertThat(alice.drain()).as("not started").isEmpty();

        hub.start();
        scheduler.advance(HEARTBEAT);
        assertThat(alice.drain()).containsExactly(HEARTBEAT_FRAME);
        assertThat(bob.drain()).containsExactly(HEARTBEAT_FRAME);

        scheduler.advance(HEARTBEAT.multipliedBy(2));
        assertThat(alice.drain()).containsExactly(HEARTBEAT_FRAME, HEARTBEAT_FRAME);
        assertThat(alice.wakes).hasValue(3);
        assertThat(metrics.meter("stream.events").getCount()).as("heartbeats are not presence events").isZero();
    }

    /**
     * Many streams' heartbeats are spread over the interval, a slice of the streams at a time, so no moment queues
     * a write on every stream; each stream still gets one heartbeat per interval, one interval apart.
     */
    @Test
    void spreadsTheStreamsHeartbeatsOverTheInterval() {
        int streams = 3 * PresenceBroadcaster.HEARTBEAT_SLICES;
        ManualScheduler timers = new ManualScheduler(clock);
        PresenceBroadcaster many = new PresenceBroadcaster(PresenceRecord::userId, clock, streams, 2, HEARTBEAT,
                CLIENT_CHECK, 1, new MetricRegistry(), timers);
        List<FakeSink> sinks = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            FakeSink sink = new FakeSink();
            sink.subscriber = many.subscribe(List.of("u" + i), 0, sink);
            many.start(sink.subscriber, userId -> Optional.empty());
            sinks.add(sink);
        }
        many.start();
        try {
            Duration tick = HEARTBEAT.dividedBy(PresenceBroadcaster.HEARTBEAT_SLICES);
            int[] beats = new int[streams];
            for (int t = 1; t <= 2 * PresenceBroadcaster.HEARTBEAT_SLICES; t++) {
                timers.advance(tick);
                int sent = 0;
                for (int i = 0; i < streams; i++) {
                    int got = sinks.get(i).drain().size();
                    beats[i] += got;
                    sent += got;
                }
                assertThat(sent).as("heartbeats at tick %d", t).isEqualTo(3);
                if (t == PresenceBroadcaster.HEARTBEAT_SLICES) {
                    assertThat(beats).as("one interval: one heartbeat each").containsOnly(1);
                }
            }
            assertThat(beats).as("two intervals: two each").containsOnly(2);
        } finally {
            many.stop();
        }
    }

    /** A client that has gone frees its stream at the next check, long before the next heartbeat. */
    @Test
    void checksEveryStreamsClientEachCheckIntervalOnceStarted() {
        FakeSink staying = subscribe(0, "alice");
        FakeSink leaving = subscribe(0, "alice");
        scheduler.advance(CLIENT_CHECK.multipliedBy(2));
        assertThat(staying.checks).as("not started").hasValue(0);

        hub.start();
        scheduler.advance(CLIENT_CHECK);
        assertThat(staying.checks).hasValue(1);
        assertThat(leaving.checks).hasValue(1);

        leaving.clientGone = true;
        scheduler.advance(CLIENT_CHECK);
        assertThat(leaving.closed).isTrue();
        assertThat(hub.openStreams()).isEqualTo(1);
        scheduler.advance(CLIENT_CHECK.multipliedBy(3));
        assertThat(staying.checks).hasValue(5);
        assertThat(leaving.checks).as("no longer a stream").hasValue(2);
        assertThat(staying.closed).isFalse();
    }

    /** A client that stopped reading an idle stream is found by the heartbeats alone. */
    @Test
    void dropsAStreamTooFarBehindToTakeAHeartbeat() {
        FakeSink stuck = subscribe(0, "alice");
        FakeSink reading = subscribe(0, "alice");
        hub.start();
        // Room for the queue size (2) plus one snapshot per user (1): the fourth heartbeat does not fit.
        for (int beat = 1; beat <= 3; beat++) {
            scheduler.advance(HEARTBEAT);
            assertThat(reading.drain()).containsExactly(HEARTBEAT_FRAME);
        }
        assertThat(stuck.closed).isFalse();

        scheduler.advance(HEARTBEAT);
        assertThat(stuck.closed).isTrue();
        assertThat(reading.drain()).containsExactly(HEARTBEAT_FRAME);
        assertThat(metrics.counter("stream.dropped").getCount()).isEqualTo(1);
        assertThat(hub.openStreams()).isEqualTo(1);
    }

    @Test
    void stopClosesEveryStreamEndsTheHeartbeatsAndRefusesNewStreams() {
        FakeSink sink = subscribe(0, "alice");
        hub.start();
        AtomicInteger ran = new AtomicInteger();
        hub.execute(ran::incrementAndGet);
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.get() == 1);

        hub.stop();
        assertThat(sink.closed).isTrue();
        assertThat(hub.openStreams()).isZero();
        assertThat(scheduler.isShutdown()).isTrue();
        assertThat(scheduler.pending()).as("heartbeats still scheduled").isZero();
        assertThatThrownBy(() -> subscribe(0, "alice")).isInstanceOf(StreamLimitException.class)
                .hasMessageContaining("stopping");
    }
}
