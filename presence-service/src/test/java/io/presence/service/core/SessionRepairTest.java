package io.presence.service.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.presence.api.PresenceStatus;
import io.presence.api.PresenceUpdate;
import io.presence.service.testing.ForwardingPresenceStore;
import io.presence.service.testing.InMemoryPresenceStore;
import io.presence.service.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node's session writes, replaced by a racing write through another node, are applied again. */
class SessionRepairTest {

    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");

    private final InMemoryPresenceStore store = new InMemoryPresenceStore();
    private final MutableClock clock = new MutableClock(T0);
    private final SessionRepair repair = new SessionRepair(store, clock, new UserLocks());
    private final PresenceService nodeA = new PresenceService(store, new PresenceSettings(), "node-a", clock,
            repair, new UserLocks());
    /** Node B reads a record that does not hold node A's writes yet: its cache is behind. */
    private final PresenceService nodeB = new PresenceService(new ForwardingPresenceStore(store) {
        @Override
        public Optional<PresenceRecord> get(String userId) {
            return Optional.empty();
        }
    }, new PresenceSettings(), "node-b", clock);

    @AfterEach
    void stop() {
        repair.stop();
    }

    private PresenceRecord write(PresenceService node, String session, PresenceStatus status) {
        return node.commit(node.sessionWrite("alice", session, new PresenceUpdate(status, null, 60L)),
                OptionalLong.empty());
    }

    @Test
    void aSessionReplacedByARacingWriteIsWrittenAgainOnTopOfIt() {
        write(nodeA, "laptop", PresenceStatus.ONLINE);
        PresenceRecord racing = write(nodeB, "phone", PresenceStatus.BUSY);
        assertThat(racing.sessionCount()).as("node B's write replaced node A's").isEqualTo(1);

        repair.onPut(racing);

        await().atMost(Duration.ofSeconds(5)).until(() -> store.get("alice").orElseThrow().sessionCount() == 2);
        PresenceRecord repaired = store.get("alice").orElseThrow();
        assertThat(repaired.status()).isEqualTo(PresenceStatus.BUSY);
        assertThat(repaired.nodeId()).isEqualTo("node-a");
        assertThat(repair.repairs()).isEqualTo(1);
        // The repaired record holds the write: seeing it again changes nothing.
        repair.onPut(repaired);
        repair.onPut(racing);
        assertThat(repair.repairs()).isEqualTo(1);
    }

    /**
     * Writes through two nodes that together pass the user's session limit: each node checked the limit against the
     * record it read. The repair puts back what fits, once, and gives up the rest rather than everything.
     */
    @Test
    void writesPastTheSessionLimitThroughTwoNodesArePutBackAsFarAsTheyFit() {
        PresenceSettings threeSessions = new PresenceSettings();
        threeSessions.setMaxSessionsPerUser(3);
        PresenceService limitedA = new PresenceService(store, threeSessions, "node-a", clock, repair, new UserLocks());
        // Node B's cache holds its own writes only: it has not seen node A's yet.
        AtomicReference<PresenceRecord> seenByB = new AtomicReference<>();
        PresenceService limitedB = new PresenceService(new ForwardingPresenceStore(store) {
            @Override
            public Optional<PresenceRecord> get(String userId) {
                return Optional.ofNullable(seenByB.get());
            }

            @Override
            public PresenceRecord put(PresenceRecord record) {
                PresenceRecord stored = super.put(record);
                seenByB.set(stored);
                return stored;
            }
        }, threeSessions, "node-b", clock);
        write(limitedA, "laptop", PresenceStatus.ONLINE);
        clock.advance(Duration.ofMillis(10));
        write(limitedA, "tablet", PresenceStatus.ONLINE);
        clock.advance(Duration.ofMillis(10));
        write(limitedB, "phone", PresenceStatus.BUSY);
        clock.advance(Duration.ofMillis(10));
        PresenceRecord racing = write(limitedB, "watch", PresenceStatus.BUSY);
        assertThat(racing.sessions()).extracting(SessionState::sessionId).containsExactlyInAnyOrder("phone", "watch");

        repair.onPut(racing);

        await().atMost(Duration.ofSeconds(5)).until(() -> repair.repairs() == 1);
        assertThat(store.get("alice").orElseThrow().sessions()).extracting(SessionState::sessionId)
                .containsExactlyInAnyOrder("phone", "watch", "laptop");
        repair.onPut(store.get("alice").orElseThrow());
        repair.repair("alice");
        assertThat(repair.repairs()).as("the write that did not fit is given up").isEqualTo(1);
    }

    /** A restore stores the backup's record as it is: a device's write of the seconds before is not put back. */
    @Test
    void aRestoredRecordIsNotRepairedWithTheWritesBeforeIt() {
        write(nodeA, "laptop", PresenceStatus.ONLINE);
        clock.advance(Duration.ofMillis(10));
        PresenceRecord backup = new PresenceRecord("alice", PresenceStatus.BUSY, null, clock.instant(), clock.instant(),
                clock.instant().plusSeconds(60), 60L, "node-x", 0);

        assertThat(nodeA.restore(backup)).isTrue();

        // What the watch's delivery of the restored record would have the repair do, run here and now.
        repair.repair("alice");
        assertThat(repair.repairs()).isZero();
        PresenceRecord restored = store.get("alice").orElseThrow();
        assertThat(restored.sessionCount()).isEqualTo(1);
        assertThat(restored.status()).isEqualTo(PresenceStatus.BUSY);
    }

    /** A device comes online through node A and signs out through node B a moment later: the sign-out stands. */
    @Test
    void aSignOutThroughAnotherNodeAfterThisNodesWriteIsNotUndone() {
        write(nodeA, "default", PresenceStatus.ONLINE);
        clock.advance(Duration.ofMillis(10));
        PresenceService nodeC = new PresenceService(store, new PresenceSettings(), "node-c", clock);
        PresenceRecord signedOut = nodeC.commit(nodeC.sessionEnd("alice", null), OptionalLong.empty());

        repair.onPut(signedOut);
        repair.repair("alice");

        assertThat(repair.repairs()).isZero();
        assertThat(store.get("alice")).hasValue(signedOut);
        assertThat(signedOut.status()).isEqualTo(PresenceStatus.OFFLINE);
    }

    /** A lapse written by a center whose cache had not seen this node's heartbeat yet is no sign-out. */
    @Test
    void aLapseWrittenWithoutThisNodesHeartbeatIsRepaired() {
        PresenceRecord first = write(nodeA, "default", PresenceStatus.ONLINE);
        clock.advance(Duration.ofSeconds(1));
        write(nodeA, "default", PresenceStatus.ONLINE);
        PresenceRecord lapse = store.put(new PresenceRecord("alice", PresenceStatus.OFFLINE, null, first.lastSeen(),
                clock.instant(), first.expiresAt(), first.ttlSeconds(), "node-b", 0));

        repair.onPut(lapse);

        await().atMost(Duration.ofSeconds(5)).until(() -> store.get("alice").orElseThrow().status()
                == PresenceStatus.ONLINE);
        assertThat(repair.repairs()).isEqualTo(1);
    }

    @Test
    void aSessionThisNodeEndedIsEndedAgainWhenARacingWriteBringsItBack() {
        PresenceRecord both = write(nodeA, "phone", PresenceStatus.BUSY);
        write(nodeA, "laptop", PresenceStatus.ONLINE);
        clock.advance(Duration.ofMillis(10));
        nodeA.commit(nodeA.sessionEnd("alice", "phone"), OptionalLong.empty());
        // A write through node B based on the record from before the end.
        PresenceRecord stale = store.put(both.withRevision(0));

        repair.onPut(stale);

        await().atMost(Duration.ofSeconds(5)).until(() -> store.get("alice").orElseThrow().liveSessions(clock.instant())
                .stream().noneMatch(s -> s.sessionId().equals("phone")));
    }

    @Test
    void aFailedWriteIsNeverAppliedAgainWhileTheWritesAroundItAre() {
        SessionWrite tablet = nodeA.sessionWrite("alice", "tablet", new PresenceUpdate(PresenceStatus.AWAY, null,
                60L));
        write(nodeA, "laptop", PresenceStatus.AWAY);
        repair.writing(tablet);
        write(nodeA, "phone", PresenceStatus.BUSY);
        repair.failed(tablet);
        clock.advance(Duration.ofMillis(10));
        write(nodeA, "laptop", PresenceStatus.ONLINE);
        PresenceRecord racing = write(nodeB, "watch", PresenceStatus.ONLINE);

        repair.onPut(racing);

        await().atMost(Duration.ofSeconds(5)).until(() -> store.get("alice").orElseThrow().sessionCount() == 3);
        assertThat(store.get("alice").orElseThrow().sessions()).extracting(SessionState::sessionId)
                .containsExactlyInAnyOrder("watch", "laptop", "phone");
        assertThat(store.get("alice").orElseThrow().sessions()).filteredOn(s -> s.sessionId().equals("laptop"))
                .extracting(SessionState::status).containsExactly(PresenceStatus.ONLINE);
        assertThat(repair.repairs()).isEqualTo(1);
    }

    @Test
    void aWriteWhoseSessionHasLapsedSinceNeedsNothing() {
        write(nodeA, "laptop", PresenceStatus.ONLINE);
        clock.advance(Duration.ofSeconds(60));
        PresenceRecord racing = write(nodeB, "phone", PresenceStatus.BUSY);

        repair.onPut(racing);
        repair.repair("alice");

        assertThat(repair.repairs()).isZero();
        assertThat(store.get("alice").orElseThrow().sessionCount()).isEqualTo(1);
    }

    @Test
    void writesOlderThanTheWindowAreForgotten() {
        write(nodeA, "laptop", PresenceStatus.ONLINE);
        clock.advance(SessionRepair.WINDOW.plusSeconds(1));
        PresenceRecord racing = write(nodeB, "phone", PresenceStatus.BUSY);

        repair.onPut(racing);
        repair.repair("alice");

        assertThat(repair.repairs()).isZero();
    }

    @Test
    void theWritesOfUsersNoRecordArrivedForAreForgottenAfterTheWindow() {
        write(nodeA, "laptop", PresenceStatus.ONLINE);
        repair.forgetOld();
        assertThat(repair.watched()).isEqualTo(1);

        clock.advance(SessionRepair.WINDOW.plusMillis(1));
        repair.forgetOld();

        assertThat(repair.watched()).isZero();
    }

    @Test
    void aRecordDeliveredWhileAnEndIsOnItsWayBringsBackNothingTheEndSuperseded() {
        write(nodeA, "laptop", PresenceStatus.ONLINE);
        write(nodeA, "phone", PresenceStatus.BUSY);
        SessionEnd end = nodeA.sessionEnd("alice", "laptop");
        repair.writing(end);
        // The end's own record, delivered by the watch before its put returned.
        PresenceRecord ended = store.put(end.applyTo(store.get("alice")));

        repair.onPut(ended);
        repair.repair("alice");
        repair.written(end, ended);

        assertThat(repair.repairs()).isZero();
        assertThat(store.get("alice").orElseThrow().sessions()).extracting(SessionState::sessionId)
                .containsExactly("phone");
    }

    @Test
    void aRecordThatReplacedAWriteWhileItWasOnItsWayIsCheckedOnceTheWriteIsStored() {
        SessionWrite laptop = nodeA.sessionWrite("alice", "laptop", new PresenceUpdate(PresenceStatus.ONLINE, null,
                60L));
        repair.writing(laptop);
        PresenceRecord stored = store.put(laptop.applyTo(Optional.empty()));
        PresenceRecord racing = write(nodeB, "phone", PresenceStatus.BUSY);
        repair.onPut(racing);
        assertThat(repair.repairs()).as("passed over while on its way").isZero();

        repair.written(laptop, stored);

        await().atMost(Duration.ofSeconds(5)).until(() -> store.get("alice").orElseThrow().sessionCount() == 2);
    }

    @Test
    void aFailedWriteIsForgotten() {
        SessionWrite laptop = nodeA.sessionWrite("alice", "laptop", new PresenceUpdate(PresenceStatus.ONLINE, null,
                60L));
        repair.writing(laptop);
        repair.failed(laptop);

        assertThat(repair.watched()).isZero();
    }

    @Test
    void aDeletedUserIsNotPutBack() {
        write(nodeA, "laptop", PresenceStatus.ONLINE);

        repair.onDelete("alice", 9);
        repair.repair("alice");

        assertThat(repair.repairs()).isZero();
    }
}
