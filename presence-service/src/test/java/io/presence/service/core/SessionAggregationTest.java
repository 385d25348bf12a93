package io.presence.service.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.api.PresenceStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a user's record aggregates their sessions, and how it reads as they lapse. */
class SessionAggregationTest {

    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");

    private static SessionState session(String id, PresenceStatus status, int writtenAtSecond, int ttlSeconds) {
        Instant at = T0.plusSeconds(writtenAtSecond);
        return new SessionState(id, status, id + " says", at, at, at, at.plusSeconds(ttlSeconds), ttlSeconds, "n1");
    }

    private static PresenceRecord of(SessionState... sessions) {
        return PresenceRecord.aggregate("u", List.of(sessions), T0.plusSeconds(30), "n1", null, false, 0);
    }

    @Test
    void busyBeatsOnlineBeatsAwayWhateverTheOrder() {
        assertThat(of(session("a", PresenceStatus.AWAY, 9, 60), session("b", PresenceStatus.BUSY, 1, 60),
                session("c", PresenceStatus.ONLINE, 5, 60)).status()).isEqualTo(PresenceStatus.BUSY);
        assertThat(of(session("a", PresenceStatus.AWAY, 9, 60), session("c", PresenceStatus.ONLINE, 5, 60)).status())
                .isEqualTo(PresenceStatus.ONLINE);
    }

    @Test
    void theDecidingSessionGivesMessageUpdatedAtAndTtlTheLatestExpiryIsTheUsers() {
        PresenceRecord record = of(session("phone", PresenceStatus.BUSY, 1, 10), session("laptop",
                PresenceStatus.ONLINE, 5, 600));

        assertThat(record.message()).isEqualTo("phone says");
        assertThat(record.updatedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(record.ttlSeconds()).isEqualTo(10);
        assertThat(record.expiresAt()).isEqualTo(T0.plusSeconds(605));
        assertThat(record.lastSeen()).isEqualTo(T0.plusSeconds(30));
        assertThat(record.nextLapse()).isEqualTo(T0.plusSeconds(11));
        assertThat(record.sessionCount()).isEqualTo(2);
    }

    /** The same session, its status or message last changed at {@code changedAtSecond} (written later since). */
    private static SessionState changedAt(SessionState session, int changedAtSecond) {
        return new SessionState(session.sessionId(), session.status(), session.message(), session.lastSeen(),
                session.updatedAt(), T0.plusSeconds(changedAtSecond), session.expiresAt(), session.ttlSeconds(),
                session.nodeId());
    }

    @Test
    void amongEqualStatusesTheLatestChangeDecidesThenTheGreaterId() {
        assertThat(of(session("a", PresenceStatus.ONLINE, 5, 60), session("b", PresenceStatus.ONLINE, 3, 60))
                .message()).isEqualTo("a says");
        PresenceRecord beatLast = of(changedAt(session("a", PresenceStatus.ONLINE, 9, 60), 1),
                changedAt(session("b", PresenceStatus.ONLINE, 7, 60), 2));
        assertThat(beatLast.message()).as("b changed last, a was written last").isEqualTo("b says");
        assertThat(beatLast.updatedAt()).as("still the deciding session's last write").isEqualTo(T0.plusSeconds(7));
        assertThat(of(session("a", PresenceStatus.ONLINE, 5, 60), session("b", PresenceStatus.ONLINE, 5, 60))
                .message()).isEqualTo("b says");
        assertThat(of(session("b", PresenceStatus.ONLINE, 5, 60), session("a", PresenceStatus.ONLINE, 5, 60))
                .message()).isEqualTo("b says");
        assertThat(of(changedAt(session("b", PresenceStatus.ONLINE, 5, 60), 1),
                changedAt(session("a", PresenceStatus.ONLINE, 9, 60), 1)).message()).isEqualTo("b says");
    }

    @Test
    void aLoneDefaultSessionIsStoredInTheSingleSessionForm() {
        PresenceRecord record = of(session("default", PresenceStatus.AWAY, 0, 60));

        assertThat(record.sessions()).isEmpty();
        assertThat(record.sessionCount()).isEqualTo(1);
        assertThat(record.liveSessions(T0)).singleElement().satisfies(s -> {
            assertThat(s.sessionId()).isEqualTo("default");
            assertThat(s.status()).isEqualTo(PresenceStatus.AWAY);
            assertThat(s.expiresAt()).isEqualTo(T0.plusSeconds(60));
        });
        assertThat(record.liveSessions(T0.plusSeconds(60))).isEmpty();
        assertThat(of(session("phone", PresenceStatus.AWAY, 0, 60)).sessions()).hasSize(1);
    }

    @Test
    void whenTheDecidingSessionLapsesTheRestDecideAndNoneLeftReadsOffline() {
        PresenceRecord record = of(session("phone", PresenceStatus.BUSY, 0, 10), session("laptop",
                PresenceStatus.AWAY, 0, 20)).withRevision(7);

        assertThat(record.effectiveAt(T0.plusSeconds(9))).isSameAs(record);
        PresenceRecord afterPhone = record.effectiveAt(T0.plusSeconds(10));
        assertThat(afterPhone.status()).isEqualTo(PresenceStatus.AWAY);
        assertThat(afterPhone.message()).isEqualTo("laptop says");
        assertThat(afterPhone.revision()).isEqualTo(7);
        assertThat(afterPhone.sessionCount()).isEqualTo(1);
        assertThat(afterPhone.lastSeen()).isEqualTo(record.lastSeen());

        PresenceRecord none = record.effectiveAt(T0.plusSeconds(20));
        assertThat(none.status()).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(none.sessions()).isEmpty();
        assertThat(none.sessionCount()).isZero();
        assertThat(none.isLapsedUnwritten()).isTrue();
        assertThat(none.nextLapse()).isNull();
    }

    @Test
    void aRecordWrittenBeforeSessionsIsOneDefaultSession() {
        PresenceRecord legacy = new PresenceRecord("u", PresenceStatus.ONLINE, "hi", T0, T0, T0.plusSeconds(60), 60L,
                "old-node", 3);

        assertThat(legacy.liveSessions(T0)).extracting(SessionState::sessionId).containsExactly("default");
        assertThat(legacy.nextLapse()).isEqualTo(T0.plusSeconds(60));
        assertThat(legacy.effectiveAt(T0.plusSeconds(60)).status()).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(legacy.invisible()).isFalse();
        assertThat(legacy.hideLastSeen()).isFalse();
        PresenceRecord offline = new PresenceRecord("u", PresenceStatus.OFFLINE, null, T0, T0, null, null, "n", 4);
        assertThat(offline.liveSessions(T0)).isEmpty();
        assertThat(offline.sessionCount()).isZero();
    }
}
