package io.presence.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackupsTest {

    @Test
    void whatTheApiServesCanBeImported() {
        assertThat(Backups.problems(Samples.online())).isEmpty();
        assertThat(Backups.problems(Samples.offline())).isEmpty();
    }

    @Test
    void namesEveryProblemOfALine() {
        Presence empty = new Presence(null, null, null, null, null, null, null, " ", 0);
        assertThat(Backups.problems(empty)).containsExactly("userId must not be null", "status must not be null",
                "lastSeen must not be null", "updatedAt must not be null", "nodeId must not be null or blank");

        Presence online = Samples.online();
        Presence broken = new Presence("import", online.status(), "x".repeat(257), online.lastSeen(),
                online.updatedAt(), online.expiresAt(), 0L, null, 1);
        assertThat(Backups.problems(broken)).containsExactly("userId " + PresenceLimits.USER_ID_RULE,
                "nodeId must not be null or blank", "message must be at most 256 characters",
                "ttlSeconds must be at least 1");
        Presence control = new Presence("alice", online.status(), "a\tb", online.lastSeen(), online.updatedAt(),
                online.expiresAt(), 600L, "n", 1);
        assertThat(Backups.problems(control)).containsExactly("message must not contain control characters or unpaired surrogates");
    }

    /** An export line's sessions: each one a node could have written, listed once. */
    @Test
    void checksEachListedSession() {
        Instant now = Samples.online().updatedAt();
        PresenceSession phone = new PresenceSession("phone", PresenceStatus.BUSY, "call", now, now,
                now.plusSeconds(300), 300L, "n");
        PresenceSession laptop = new PresenceSession("laptop", PresenceStatus.ONLINE, null, now, now,
                now.plusSeconds(3600), 3600L, "n");
        assertThat(Backups.problems(line(now, java.util.List.of(phone, laptop)), now)).isEmpty();

        PresenceSession ended = new PresenceSession("phone", PresenceStatus.OFFLINE, null, now, now,
                now.minusSeconds(5), 300L, "<n>");
        PresenceSession future = new PresenceSession("tab let", PresenceStatus.AWAY, "a\u0000", now.plusSeconds(3600),
                now, now.plusSeconds(60), 99_999L, "n");
        assertThat(Backups.problems(line(now, java.util.Arrays.asList(phone, ended, null, future)), now)).containsExactly(
                "liveSessions[1].sessionId 'phone' is listed twice",
                "liveSessions[1].status must be online, away or busy (an ended session is not stored)",
                "liveSessions[1].nodeId must be 1-64 characters of letters, digits, _ and -",
                "liveSessions[1].expiresAt must be after updatedAt, by at most 86400 s",
                "liveSessions[2] must be a session, not null",
                "liveSessions[3].sessionId " + PresenceLimits.USER_ID_RULE,
                "liveSessions[3].message must be at most 256 characters, without control characters or unpaired"
                        + " surrogates",
                "liveSessions[3].ttlSeconds must be between 1 and 86400",
                "liveSessions[3].lastSeen must not be in the future (" + now.plusSeconds(3600) + ")",
                "liveSessions[3].lastSeen must not be after the user's lastSeen (the latest of any session)");
        PresenceSession seenBeforeWritten = new PresenceSession("tablet", PresenceStatus.AWAY, null, now.minusSeconds(9),
                now.plusSeconds(1), now.plusSeconds(61), 60L, "n");
        assertThat(Backups.problems(line(now, java.util.List.of(phone, seenBeforeWritten)), now)).containsExactly(
                "liveSessions[1].lastSeen must not be before its updatedAt (a session is seen when written)",
                "liveSessions[1].updatedAt must not be after the user's lastSeen (the latest write of any session)");
        PresenceSession seenAfterTheUser = new PresenceSession("tablet", PresenceStatus.AWAY, null, now.plusSeconds(5),
                now, now.plusSeconds(60), 60L, "n");
        assertThat(Backups.problems(line(now, java.util.List.of(phone, seenAfterTheUser)), now)).containsExactly(
                "liveSessions[1].lastSeen must not be after the user's lastSeen (the latest of any session)");
        assertThat(Backups.problems(line(now, java.util.List.of()), now))
                .containsExactly("liveSessions must hold the sessions of a user who is not offline, or be left out");
    }

    /** A line's session count is what its status and listed sessions say: none offline, one or more otherwise. */
    @Test
    void countsTheSessionsItsStatusAndListSay() {
        Instant now = Samples.online().updatedAt();
        Presence offlineWithSeven = new Presence("alice", PresenceStatus.OFFLINE, null, now, now, null, null, "n", 1, 7,
                null, null);
        assertThat(Backups.problems(offlineWithSeven, now)).containsExactly(
                "sessions must be 0 for an offline line (was 7)");
        Presence onlineWithNone = new Presence("alice", PresenceStatus.ONLINE, null, now, now, now.plusSeconds(60), 60L,
                "n", 1, 0, null, null);
        assertThat(Backups.problems(onlineWithNone, now)).containsExactly(
                "sessions must be at least 1 for a status other than offline (was 0)");
        PresenceSession phone = new PresenceSession("phone", PresenceStatus.BUSY, "call", now, now,
                now.plusSeconds(300), 300L, "n");
        Presence listsOneCountsTwo = new Presence("alice", PresenceStatus.BUSY, "call", now, now, now.plusSeconds(3600),
                300L, "n", 1, 2, null, null, null, java.util.List.of(phone));
        assertThat(Backups.problems(listsOneCountsTwo, now)).containsExactly(
                "sessions must be the number of liveSessions, 1 (was 2)");
        Presence uncounted = new Presence("alice", PresenceStatus.BUSY, "call", now, now, now.plusSeconds(3600),
                300L, "n", 1, null, null, null, null, java.util.List.of(phone));
        assertThat(Backups.problems(uncounted, now)).as("an export from before the count").isEmpty();
        assertThat(Backups.problems(new Presence("alice", PresenceStatus.OFFLINE, null, now, now, null, null, "n", 1, 0,
                null, null), now)).isEmpty();
    }

    /** A session changes when it is written, so never after its last write; an export before changedAt has none. */
    @Test
    void aSessionChangedNoLaterThanWritten() {
        Instant now = Samples.online().updatedAt();
        PresenceSession beating = new PresenceSession("phone", PresenceStatus.BUSY, "call", now, now,
                now.minusSeconds(600), now.plusSeconds(300), 300L, "n");
        PresenceSession legacy = new PresenceSession("laptop", PresenceStatus.ONLINE, null, now, now,
                now.plusSeconds(300), 300L, "n");
        assertThat(Backups.problems(line(now, java.util.List.of(beating, legacy)), now)).isEmpty();

        PresenceSession changedLater = new PresenceSession("tablet", PresenceStatus.AWAY, null, now, now,
                now.plusSeconds(1), now.plusSeconds(300), 300L, "n");
        PresenceSession changedBefore1970 = new PresenceSession("watch", PresenceStatus.AWAY, null, now, now,
                Instant.EPOCH.minusSeconds(1), now.plusSeconds(300), 300L, "n");
        assertThat(Backups.problems(line(now, java.util.List.of(beating, changedLater, changedBefore1970)), now))
                .containsExactly(
                        "liveSessions[1].changedAt must not be after its updatedAt (a session changes when written)",
                        "liveSessions[2].changedAt must not be before 1970-01-01T00:00:00Z (1969-12-31T23:59:59Z)");
    }

    private static Presence line(Instant now, java.util.List<PresenceSession> sessions) {
        return new Presence("alice", PresenceStatus.BUSY, "call", now, now, now.plusSeconds(3600), 300L, "n", 1,
                sessions.size(), null, null, null, sessions);
    }

    /** A line a node could not have written: it would never lapse, or lapse or have been seen in the future. */
    @Test
    void refusesWhatNoNodeCouldHaveWritten() {
        Presence online = Samples.online();
        Instant now = online.updatedAt();
        Presence forever = new Presence("alice", PresenceStatus.ONLINE, null, now, now, null, null, "center-1", 1);
        assertThat(Backups.problems(forever, now)).containsExactly(
                "expiresAt must not be null for a status other than offline",
                "ttlSeconds must not be null for a status other than offline");
        Presence farOff = new Presence("alice", PresenceStatus.BUSY, null, now, now,
                now.plusSeconds(PresenceLimits.MAX_TTL_SECONDS + 1L), PresenceLimits.MAX_TTL_SECONDS + 1L,
                "<script>", 1);
        assertThat(Backups.problems(farOff, now)).containsExactly(
                "nodeId must be 1-64 characters of letters, digits, _ and -", "ttlSeconds must be at most 86400",
                "expiresAt must be at most 86400 s after lastSeen");
        Instant ahead = now.plus(Backups.MAX_CLOCK_SKEW).plusSeconds(1);
        Presence future = new Presence("alice", PresenceStatus.OFFLINE, null, ahead, ahead, null, null, "n", 1);
        assertThat(Backups.problems(future, now)).containsExactly(
                "lastSeen must not be in the future (" + ahead + ")", "updatedAt must not be in the future (" + ahead + ")");
        Presence lapsesLater = new Presence("alice", PresenceStatus.OFFLINE, null, now, now, ahead, 60L, "n", 1);
        assertThat(Backups.problems(lapsesLater, now)).containsExactly("expiresAt of an offline line is when its"
                + " status lapsed: it must not be in the future (" + ahead + ")");
        Presence lapsedUnwritten = new Presence("alice", PresenceStatus.OFFLINE, null, now.minusSeconds(90),
                now.minusSeconds(90), now.minusSeconds(30), 60L, "n", 1);
        assertThat(Backups.problems(lapsedUnwritten, now)).as("read before the reaper wrote the lapse").isEmpty();
        Presence skewed = new Presence("alice", PresenceStatus.OFFLINE, null, now.plus(Backups.MAX_CLOCK_SKEW),
                now, null, null, "n", 1);
        assertThat(Backups.problems(skewed, now)).as("within the clocks' skew").isEmpty();
        Presence outlivesItsTtl = new Presence("alice", PresenceStatus.ONLINE, null, now, now, now.plusSeconds(600), 5L,
                "n", 1);
        assertThat(Backups.problems(outlivesItsTtl, now)).containsExactly("expiresAt must be at most ttlSeconds (5 s)"
                + " after the line's latest write (updatedAt or lastSeen) for a line of one session (was "
                + now.plusSeconds(600) + ")");
        Presence ofTwoUnlisted = new Presence("alice", PresenceStatus.ONLINE, null, now, now, now.plusSeconds(600), 5L,
                "n", 1, 2, null, null);
        assertThat(Backups.problems(ofTwoUnlisted, now)).as("an export before liveSessions: the last session lapses last")
                .isEmpty();
        Presence countsTooMany = new Presence("alice", PresenceStatus.ONLINE, null, now, now, now.plusSeconds(60), 60L,
                "n", 1, PresenceLimits.MAX_SESSIONS_PER_USER + 1, null, null);
        assertThat(Backups.problems(countsTooMany, now)).containsExactly("sessions must be at most "
                + PresenceLimits.MAX_SESSIONS_PER_USER + ", the most any node allows a user (was 257)");
        Presence lapsedBeforeWritten = new Presence("alice", PresenceStatus.ONLINE, null, now, now,
                now.minusSeconds(1), 60L, "n", 1, -5, null, null);
        assertThat(Backups.problems(lapsedBeforeWritten, now)).containsExactly("sessions must be at least 0",
                "expiresAt must not be before updatedAt (a status lapses after it was written)");
        Presence notHidden = new Presence("alice", PresenceStatus.OFFLINE, null, now, now, null, null, "n", 1, 0,
                null, null, now.minusSeconds(5));
        assertThat(Backups.problems(notHidden, now)).containsExactly(
                "invisibleSince is only for a user whose visibility is invisible");
        Presence hiddenLater = new Presence("alice", PresenceStatus.OFFLINE, null, now, now, null, null, "n", 1, 0,
                Visibility.INVISIBLE, null, now.plusSeconds(1));
        assertThat(Backups.problems(hiddenLater, now)).containsExactly(
                "invisibleSince must not be after the user's latest write (updatedAt or lastSeen)");
        Instant ancient = Instant.parse("-999999999-01-01T00:00:00Z");
        Presence beforeAnyNode = new Presence("alice", PresenceStatus.OFFLINE, null, Instant.EPOCH.minusMillis(1),
                ancient, null, null, "n", 1);
        assertThat(Backups.problems(beforeAnyNode, now)).containsExactly(
                "lastSeen must not be before 1970-01-01T00:00:00Z (1969-12-31T23:59:59.999Z)",
                "updatedAt must not be before 1970-01-01T00:00:00Z (" + ancient + ")");
    }
}
