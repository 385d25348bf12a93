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

        assertThat(CompactPresence.of(online, nodeIds).record("alice")).isEqualTo(online);
        assertThat(CompactPresence.of(offline, nodeIds).record("bob")).isEqualTo(offline);
        assertThat(CompactPresence.of(online, nodeIds).revision()).isEqualTo(42);
    }

    @Test
    void aUserWithSessionsOrPrivacySettingsIsLeftAsTheyAre() {
        SessionState phone = new SessionState("phone", PresenceStatus.BUSY, null, T0, T0, T0.plusSeconds(60), 60,
                "n");
        PresenceRecord withSessions = PresenceRecord.aggregate("alice", List.of(phone), T0, "n", null, false);
        PresenceRecord invisible = new PresenceRecord("alice", PresenceStatus.ONLINE, null, T0, T0,
                T0.plusSeconds(60), 60L, "n", 1, List.of(), T0, false);
        PresenceRecord hidingLastSeen = new PresenceRecord("alice", PresenceStatus.ONLINE, null, T0, T0,
                T0.plusSeconds(60), 60L, "n", 1, List.of(), null, true);

        assertThat(CompactPresence.of(withSessions, nodeIds)).isNull();
        assertThat(CompactPresence.of(invisible, nodeIds)).isNull();
        assertThat(CompactPresence.of(hidingLastSeen, nodeIds)).isNull();
    }

    @Test
    void holdsTheOfflineTransitionTheReaperWrites() {
        PresenceRecord lapsed = new PresenceRecord("alice", PresenceStatus.OFFLINE, "away soon", T0,
                T0.plusSeconds(86_400).plusMillis(250), T0.plusSeconds(86_400), 86_400L, "center-1", 9);

        assertThat(CompactPresence.of(lapsed, nodeIds).record("alice")).isEqualTo(lapsed);
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

        assertThat(CompactPresence.of(oddExpiry, nodeIds)).isNull();
        assertThat(CompactPresence.of(expiryWithoutTtl, nodeIds)).isNull();
        assertThat(CompactPresence.of(ttlWithoutExpiry, nodeIds)).isNull();
        assertThat(CompactPresence.of(hugeTtl, nodeIds)).isNull();
        assertThat(CompactPresence.of(longAfter, nodeIds)).isNull();
        assertThat(CompactPresence.of(before, nodeIds)).isNull();
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

        assertThat(CompactPresence.of(micros, nodeIds)).isNull();
        assertThat(CompactPresence.of(farFuture, nodeIds)).isNull();
        assertThat(CompactPresence.of(oddTtl, nodeIds)).isNull();
        assertThat(CompactPresence.of(farPast, nodeIds)).isNull();
    }

    @Test
    void recordsOfOneNodeShareItsIdString() {
        PresenceRecord one = new PresenceRecord("a", PresenceStatus.ONLINE, null, T0, T0, null, null,
                new String("center-1"), 1);
        PresenceRecord two = new PresenceRecord("b", PresenceStatus.ONLINE, null, T0, T0, null, null,
                new String("center-1"), 2);

        assertThat(CompactPresence.of(one, nodeIds).record("a").nodeId())
                .isSameAs(CompactPresence.of(two, nodeIds).record("b").nodeId());
    }

    @Test
    void nodeIdsStopSharingPastTheirCapacity() {
        assertThat(nodeIds.shared(null)).isNull();
        String first = nodeIds.shared("n1");
        nodeIds.shared("n2");
        String third = new String("n3");

        assertThat(nodeIds.shared(new String("n1"))).isSameAs(first);
        assertThat(nodeIds.shared(third)).isSameAs(third);
        assertThat(nodeIds.shared(new String("n3"))).isNotSameAs(third);
    }
}
