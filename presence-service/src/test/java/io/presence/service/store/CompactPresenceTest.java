package io.presence.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.api.PresenceStatus;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.SessionState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactPresenceTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00.123Z");
    private final NodeIds nodeIds = new NodeIds(2);

    @Test
    void holdsEveryFieldOfARecordAsANodeWritesIt() {
        PresenceRecord online = new PresenceRecord("alice", PresenceStatus.BUSY, "in a call", T0, T0.plusMillis(5),
                T0.plusSeconds(300), 300L, "center-1", 42);
        PresenceRecord offline = new PresenceRecord("bob", PresenceStatus.OFFLINE, null, T0, T0, null, null,
                "center-1", 7);

        assertThat(CompactPresence.of(online, "alice", nodeIds).record(nodeIds)).isEqualTo(online);
        assertThat(CompactPresence.of(offline, "bob", nodeIds).record(nodeIds)).isEqualTo(offline);
        assertThat(CompactPresence.of(online, "alice", nodeIds).revision()).isEqualTo(42);
    }

    @Test
    void aUserWithSessionsOrPrivacySettingsIsLeftAsTheyAre() {
        SessionState phone = new SessionState("phone", PresenceStatus.BUSY, null, T0, T0, T0, T0.plusSeconds(60), 60,
                "n");
        PresenceRecord withSessions = PresenceRecord.aggregate("alice", List.of(phone), T0, "n", null, false, 0);
        PresenceRecord invisible = new PresenceRecord("alice", PresenceStatus.ONLINE, null, T0, T0,
                T0.plusSeconds(60), 60L, "n", 1, List.of(), T0, false);
        PresenceRecord hidingLastSeen = new PresenceRecord("alice", PresenceStatus.ONLINE, null, T0, T0,
                T0.plusSeconds(60), 60L, "n", 1, List.of(), null, true);

        assertThat(CompactPresence.of(withSessions, "alice", nodeIds)).isNull();
        assertThat(CompactPresence.of(invisible, "alice", nodeIds)).isNull();
        assertThat(CompactPresence.of(hidingLastSeen, "alice", nodeIds)).isNull();
    }

    @Test
    void holdsTheOfflineTransitionTheReaperWrites() {
        PresenceRecord lapsed = new PresenceRecord("alice", PresenceStatus.OFFLINE, "away soon", T0,
                T0.plusSeconds(86_400).plusMillis(250), T0.plusSeconds(86_400), 86_400L, "center-1", 9);

        assertThat(CompactPresence.of(lapsed, "alice", nodeIds).record(nodeIds)).isEqualTo(lapsed);
    }

    @Test
    void recordsWhoseTimesDoNotFollowFromEachOtherAreLeftAsTheyAre() {
        PresenceRecord oddExpiry = new PresenceRecord("alice", PresenceStatus.ONLINE, null, T0, T0,
                T0.plusSeconds(61), 60L, "n", 1);
        PresenceRecord expiryWithoutTtl = new PresenceRecord("alice", PresenceStatus.ONLINE, null, T0, T0,
                T0.plusSeconds(60), null, "n", 1);
        PresenceRecord ttlWithoutExpiry = new PresenceRecord("alice", PresenceStatus.ONLINE, null, T0, T0,
                null, 60L, "n", 1);
        PresenceRecord hugeTtl = new PresenceRecord("alice", PresenceStatus.ONLINE, null, T0, T0,
                T0.plusSeconds(1L << 40), 1L << 40, "n", 1);
        PresenceRecord longAfter = new PresenceRecord("alice", PresenceStatus.OFFLINE, null, T0,
                T0.plusSeconds(30L * 86_400), null, null, "n", 1);
        PresenceRecord before = new PresenceRecord("alice", PresenceStatus.OFFLINE, null, T0,
                T0.minusSeconds(30L * 86_400), null, null, "n", 1);

        assertThat(CompactPresence.of(oddExpiry, "alice", nodeIds)).isNull();
        assertThat(CompactPresence.of(expiryWithoutTtl, "alice", nodeIds)).isNull();
        assertThat(CompactPresence.of(ttlWithoutExpiry, "alice", nodeIds)).isNull();
        assertThat(CompactPresence.of(hugeTtl, "alice", nodeIds)).isNull();
        assertThat(CompactPresence.of(longAfter, "alice", nodeIds)).isNull();
        assertThat(CompactPresence.of(before, "alice", nodeIds)).isNull();
    }

    @Test
    void recordsItCannotHoldExactlyAreLeftAsTheyAre() {
        PresenceRecord micros = new PresenceRecord("alice", PresenceStatus.ONLINE, null, T0.plusNanos(1000), T0,
                null, null, "n", 1);
        PresenceRecord farFuture = new PresenceRecord("alice", PresenceStatus.ONLINE, null, T0, T0, Instant.MAX,
                60L, "n", 1);
        PresenceRecord oddTtl = new PresenceRecord("alice", PresenceStatus.ONLINE, null, T0, T0, T0,
                (long) Integer.MIN_VALUE, "n", 1);
        PresenceRecord farPast = new PresenceRecord("alice", PresenceStatus.OFFLINE, null, Instant.MIN, T0, null,
                null, "n", 1);

        assertThat(CompactPresence.of(micros, "alice", nodeIds)).isNull();
        assertThat(CompactPresence.of(farFuture, "alice", nodeIds)).isNull();
        assertThat(CompactPresence.of(oddTtl, "alice", nodeIds)).isNull();
        assertThat(CompactPresence.of(farPast, "alice", nodeIds)).isNull();
    }

    @Test
    void recordsOfOneNodeShareItsIdString() {
        PresenceRecord one = new PresenceRecord("a", PresenceStatus.ONLINE, null, T0, T0, null, null,
                new String("center-1"), 1);
        PresenceRecord two = new PresenceRecord("b", PresenceStatus.ONLINE, null, T0, T0, null, null,
                new String("center-1"), 2);

        assertThat(CompactPresence.of(one, "a", nodeIds).record(nodeIds).nodeId())
                .isSameAs(CompactPresence.of(two, "b", nodeIds).record(nodeIds).nodeId());
    }

    @Test
    void recordsOfNodesPastTheNumberedOnesAreLeftAsTheyAre() {
        PresenceRecord first = new PresenceRecord("a", PresenceStatus.ONLINE, null, T0, T0, null, null, "n1", 1);
        PresenceRecord second = new PresenceRecord("b", PresenceStatus.ONLINE, null, T0, T0, null, null, "n2", 2);
        PresenceRecord third = new PresenceRecord("c", PresenceStatus.ONLINE, null, T0, T0, null, null, "n3", 3);
        PresenceRecord none = new PresenceRecord("d", PresenceStatus.ONLINE, null, T0, T0, null, null, null, 4);

        assertThat(CompactPresence.of(first, "a", nodeIds).record(nodeIds)).isEqualTo(first);
        assertThat(CompactPresence.of(second, "b", nodeIds).record(nodeIds)).isEqualTo(second);
        assertThat(CompactPresence.of(third, "c", nodeIds)).isNull();
        assertThat(CompactPresence.of(none, "d", nodeIds)).isNull();
        assertThat(nodeIds.numberOf(new String("n2"))).isEqualTo(1);
    }

    @Test
    void holdsTheUserIdInstanceItIsGiven() {
        String held = new String("alice");
        PresenceRecord record = new PresenceRecord("alice", PresenceStatus.AWAY, null, T0, T0, T0.plusSeconds(5), 5L,
                "n1", 1);

        CompactPresence compact = CompactPresence.of(record, held, nodeIds);

        assertThat(compact.userId()).isSameAs(held);
        assertThat(compact.record(nodeIds).userId()).isSameAs(held);
    }

    @Test
    void everyStatusAndTheLongestTtlHeldSurviveThePacking() {
        for (PresenceStatus status : PresenceStatus.values()) {
            long ttl = (1L << 21) - 2;
            PresenceRecord record = new PresenceRecord("alice", status, "m", T0, T0, T0.plusSeconds(ttl), ttl, "n1",
                    (1L << 52) - 1);
            assertThat(CompactPresence.of(record, "alice", nodeIds).record(nodeIds)).isEqualTo(record);
        }
        PresenceRecord tooLong = new PresenceRecord("alice", PresenceStatus.ONLINE, null, T0, T0,
                T0.plusSeconds(1L << 21), 1L << 21, "n1", 1);
        assertThat(CompactPresence.of(tooLong, "alice", nodeIds)).isNull();
    }

    @Test
    void revisionsAndTimesBeyondThePackedRangesAreLeftAsTheyAre() {
        PresenceRecord lateRevision = new PresenceRecord("alice", PresenceStatus.ONLINE, null, T0, T0, null, null,
                "n1", 1L << 52);
        Instant beforeEpoch = Instant.EPOCH.minusMillis(1);
        PresenceRecord before1970 = new PresenceRecord("alice", PresenceStatus.ONLINE, null, beforeEpoch, beforeEpoch,
                null, null, "n1", 1);
        Instant after2109 = Instant.ofEpochMilli(1L << 42);
        PresenceRecord late = new PresenceRecord("alice", PresenceStatus.ONLINE, null, after2109, after2109, null,
                null, "n1", 1);
        Instant lastHeld = Instant.ofEpochMilli((1L << 42) - 1);
        PresenceRecord edge = new PresenceRecord("alice", PresenceStatus.OFFLINE, "bye", lastHeld, lastHeld, null,
                null, "n1", 5);

        assertThat(CompactPresence.of(lateRevision, "alice", nodeIds)).isNull();
        assertThat(CompactPresence.of(before1970, "alice", nodeIds)).isNull();
        assertThat(CompactPresence.of(late, "alice", nodeIds)).isNull();
        assertThat(CompactPresence.of(edge, "alice", nodeIds).record(nodeIds)).isEqualTo(edge);
    }
}
