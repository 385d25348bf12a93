package io.presence.service.core;

import static io.presence.service.testing.ServiceWrites.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.presence.api.PresenceStatus;
import io.presence.api.PresenceUpdate;
import io.presence.service.testing.ForwardingPresenceStore;
import io.presence.service.testing.InMemoryPresenceStore;
import io.presence.service.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExpiryReaperTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

    private final InMemoryPresenceStore store = new InMemoryPresenceStore();
    private final MutableClock clock = new MutableClock(T0);
    private final PresenceService service = new PresenceService(store, new PresenceSettings(), "node-a", clock);
    private final AtomicBoolean leading = new AtomicBoolean(true);
    private final ExpiryReaper reaper = new ExpiryReaper(store, UnaryOperator.identity(), "reaper-node", clock,
            Duration.ofMillis(100), leading::get, new UserLocks());

    private PresenceRecord heartbeat(String userId, long ttlSeconds) {
        PresenceRecord stored = update(service, userId, new PresenceUpdate(PresenceStatus.ONLINE, "hi", ttlSeconds),
                OptionalLong.empty());
        reaper.onPut(stored);
        return stored;
    }

    private PresenceStatus statusOf(String userId) {
        return store.get(userId).orElseThrow().status();
    }

    @Test
    void writesOfflineOnceTheStatusLapses() {
        PresenceRecord online = heartbeat("alice", 10);

        clock.advance(Duration.ofMillis(9_999));
        reaper.reapDue();
        assertThat(statusOf("alice")).isEqualTo(PresenceStatus.ONLINE);
        assertThat(reaper.transitions()).isZero();

        clock.advance(Duration.ofMillis(1));
        reaper.reapDue();
        PresenceRecord offline = store.get("alice").orElseThrow();
        assertThat(offline.status()).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(offline.lastSeen()).isEqualTo(online.lastSeen());
        assertThat(offline.message()).isEqualTo("hi");
        assertThat(offline.nodeId()).isEqualTo("reaper-node");
        assertThat(offline.isLapsedUnwritten()).isFalse();
        assertThat(reaper.transitions()).isEqualTo(1);
    }

    @Test
    void aCenterThatDoesNotLeadWritesOnlyLapsesTheLeaderLeftUnwrittenPastTheGrace() {
        leading.set(false);
        heartbeat("alice", 10);

        clock.advance(Duration.ofSeconds(10 + ExpiryReaper.FOLLOWER_GRACE_SECONDS - 1));
        reaper.reapDue();
        assertThat(statusOf("alice")).isEqualTo(PresenceStatus.ONLINE);

        clock.advance(Duration.ofSeconds(1));
        reaper.reapDue();
        assertThat(statusOf("alice")).isEqualTo(PresenceStatus.OFFLINE);
    }

    @Test
    void aLapseTheLeaderWroteIsNotWrittenAgainByAFollower() {
        leading.set(false);
        heartbeat("alice", 10);
        clock.advance(Duration.ofSeconds(10));
        PresenceRecord lapsed = store.get("alice").orElseThrow();
        PresenceRecord byLeader = store.putIfRevision(new PresenceRecord("alice", PresenceStatus.OFFLINE,
                lapsed.message(), lapsed.lastSeen(), clock.instant(), lapsed.expiresAt(), lapsed.ttlSeconds(),
                "leader", 0), lapsed.revision());

        clock.advance(Duration.ofSeconds(ExpiryReaper.FOLLOWER_GRACE_SECONDS));
        reaper.reapDue();

        assertThat(store.get("alice").orElseThrow().revision()).isEqualTo(byLeader.revision());
        assertThat(reaper.transitions()).as("the leader's write, not this reaper's").isZero();
    }

    @Test
    void theOfflineTransitionIsStampedInMillisecondsLikeEveryOtherWrite() {
        PresenceRecord online = heartbeat("alice", 10);

        clock.advance(Duration.ofSeconds(10).plusNanos(1_234_567));
        reaper.reapDue();

        PresenceRecord offline = store.get("alice").orElseThrow();
        assertThat(offline.updatedAt()).isEqualTo(online.expiresAt().plusMillis(1));
    }

    @Test
    void aLapseLaterInTheSecondOfAPassWaitsForTheNextPass() {
        clock.advance(Duration.ofMillis(500));
        heartbeat("alice", 10);

        clock.advance(Duration.ofMillis(9_700));
        reaper.reapDue();
        assertThat(statusOf("alice")).isEqualTo(PresenceStatus.ONLINE);

        clock.advance(Duration.ofMillis(299));
        reaper.reapDue();
        assertThat(statusOf("alice")).isEqualTo(PresenceStatus.ONLINE);

        clock.advance(Duration.ofMillis(1));
        reaper.reapDue();
        assertThat(statusOf("alice")).isEqualTo(PresenceStatus.OFFLINE);
    }

    @Test
    void aFreshHeartbeatPostponesTheLapse() {
        heartbeat("alice", 10);
        clock.advance(Duration.ofSeconds(8));
        heartbeat("alice", 10);

        clock.advance(Duration.ofSeconds(5));
        reaper.reapDue();
        assertThat(statusOf("alice")).isEqualTo(PresenceStatus.ONLINE);

        clock.advance(Duration.ofSeconds(5));
        reaper.reapDue();
        assertThat(statusOf("alice")).isEqualTo(PresenceStatus.OFFLINE);
    }

    @Test
    void aHeartbeatStoredBeforeThePassIsNotOverwritten() {
        heartbeat("alice", 10);
        clock.advance(Duration.ofSeconds(11));
        // Stored directly, as another node's heartbeat the watch has not delivered yet.
        update(service, "alice", PresenceUpdate.of(PresenceStatus.BUSY), OptionalLong.empty());
        reaper.reapDue();

        assertThat(statusOf("alice")).isEqualTo(PresenceStatus.BUSY);
    }

    @Test
    void explicitOfflineOrDeleteLeavesNothingToWrite() {
        heartbeat("alice", 10);
        PresenceRecord offline = update(service, "alice", PresenceUpdate.of(PresenceStatus.OFFLINE),
                OptionalLong.empty());
        reaper.onPut(offline);
        // bob's record was deleted after the reaper saw it: the store has none.
        reaper.onPut(new PresenceRecord("bob", PresenceStatus.ONLINE, null, T0, T0, T0.plusSeconds(10), 10L, "x", 1));
        reaper.onDelete("bob", 2);

        clock.advance(Duration.ofSeconds(11));
        reaper.reapDue();

        assertThat(store.get("alice")).contains(offline);
        assertThat(store.get("bob")).isEmpty();
    }

    @Test
    void retriesWhenStorageIsDown() {
        heartbeat("alice", 10);
        clock.advance(Duration.ofSeconds(10));
        store.setUnavailable(true);
        reaper.reapDue();

        store.setUnavailable(false);
        clock.advance(Duration.ofSeconds(1));
        reaper.reapDue();
        assertThat(statusOf("alice")).isEqualTo(PresenceStatus.OFFLINE);
    }

    @Test
    void storedTimesBeyondMillisecondRangeAreFiledNotRefused() {
        PresenceRecord never = new PresenceRecord("far", PresenceStatus.ONLINE, null, T0, T0, Instant.MAX, 1L, "x", 1);
        PresenceRecord ancient = new PresenceRecord("old", PresenceStatus.ONLINE, null, T0, T0, Instant.MIN, 1L, "x", 1);
        store.put(never);
        store.put(ancient);

        reaper.onPut(never);
        reaper.onPut(ancient);
        clock.advance(Duration.ofDays(365));
        reaper.reapDue();

        assertThat(statusOf("old")).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(statusOf("far")).isEqualTo(PresenceStatus.ONLINE);
    }

    @Test
    void aFarLapseIsCheckedEveryMinuteOnTheWay() {
        assertThat(ExpiryReaper.nextCheck(1000, 1000)).isEqualTo(1000);
        assertThat(ExpiryReaper.nextCheck(1000, 999)).isEqualTo(1000);
        assertThat(ExpiryReaper.nextCheck(1000, 940)).isEqualTo(940);
        assertThat(ExpiryReaper.nextCheck(1000, 939)).isEqualTo(940);
        assertThat(ExpiryReaper.nextCheck(1000, 900)).isEqualTo(940);
        assertThat(ExpiryReaper.nextCheck(1000, 1200)).isEqualTo(1000);
    }

    @Test
    void frequentHeartbeatsWithALongTtlKeepTheIndexSmall() {
        long day = Duration.ofDays(1).toSeconds();
        for (int i = 0; i < 600; i++) {
            heartbeat("alice", day);
            clock.advance(Duration.ofSeconds(1));
            reaper.reapDue();
        }
        assertThat(reaper.filed()).isLessThanOrEqualTo(ExpiryReaper.CHECK_EVERY_SECONDS + 1);

        for (long waited = 0; waited < day - 60; waited += 30) {
            clock.advance(Duration.ofSeconds(30));
            reaper.reapDue();
            assertThat(reaper.filed()).isLessThanOrEqualTo(ExpiryReaper.CHECK_EVERY_SECONDS + 1);
        }
        assertThat(statusOf("alice")).isEqualTo(PresenceStatus.ONLINE);
        clock.advance(Duration.ofSeconds(60));
        reaper.reapDue();
        assertThat(statusOf("alice")).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(reaper.filed()).isZero();
    }

    @Test
    void keepsTheNodesOwnInstanceOfEachId() {
        String held = new String("alice");
        List<String> peeked = new CopyOnWriteArrayList<>();
        PresenceStore watched = new ForwardingPresenceStore(store) {
            @Override
            public Optional<PresenceRecord> get(String userId) {
                peeked.add(userId);
                return super.get(userId);
            }
        };
        ExpiryReaper sharing = new ExpiryReaper(watched, id -> id.equals(held) ? held : id, "reaper-node", clock,
                Duration.ofMillis(100), () -> true, new UserLocks());
        PresenceRecord stored = update(service, new String("alice"), PresenceUpdate.of(PresenceStatus.ONLINE),
                OptionalLong.empty());

        sharing.onPut(stored);
        clock.advance(Duration.ofDays(1));
        sharing.reapDue();

        assertThat(peeked).singleElement().isSameAs(held);
        assertThat(statusOf("alice")).isEqualTo(PresenceStatus.OFFLINE);
    }

    @Test
    void usersFiledWhilePassesRunAreAllReaped() throws InterruptedException {
        int users = 20_000;
        IntStream.range(0, users).forEach(i -> update(service, "u" + i, PresenceUpdate.of(PresenceStatus.ONLINE),
                OptionalLong.empty()));
        List<PresenceRecord> records = IntStream.range(0, users)
                .mapToObj(i -> store.get("u" + i).orElseThrow()).toList();
        clock.advance(Duration.ofDays(1));
        AtomicBoolean filing = new AtomicBoolean(true);
        Thread watch = new Thread(() -> {
            records.forEach(reaper::onPut);
            filing.set(false);
        });

        watch.start();
        while (filing.get()) {
            reaper.reapDue();
        }
        watch.join();
        reaper.reapDue();

        assertThat(IntStream.range(0, users).mapToObj(i -> statusOf("u" + i)))
                .containsOnly(PresenceStatus.OFFLINE);
    }

    @Test
    void aLapsedSessionIsWrittenOutAndTheRestDecideUntilTheLastLapses() {
        service.commit(service.sessionWrite("alice", "phone", new PresenceUpdate(PresenceStatus.BUSY, null, 10L)),
                OptionalLong.empty());
        reaper.onPut(service.commit(service.sessionWrite("alice", "laptop",
                new PresenceUpdate(PresenceStatus.AWAY, null, 20L)), OptionalLong.empty()));

        clock.advance(Duration.ofSeconds(10));
        reaper.reapDue();
        PresenceRecord afterPhone = store.get("alice").orElseThrow();
        assertThat(afterPhone.status()).isEqualTo(PresenceStatus.AWAY);
        assertThat(afterPhone.sessions()).extracting(SessionState::sessionId).containsExactly("laptop");
        assertThat(afterPhone.nodeId()).isEqualTo("reaper-node");
        reaper.onPut(afterPhone);

        clock.advance(Duration.ofSeconds(10));
        reaper.reapDue();
        PresenceRecord offline = store.get("alice").orElseThrow();
        assertThat(offline.status()).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(offline.sessions()).isEmpty();
        assertThat(reaper.transitions()).isEqualTo(2);
    }
}
