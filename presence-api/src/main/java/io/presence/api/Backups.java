package io.presence.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The format of a backup ({@code GET /api/v2/presence/export}, {@code POST /api/v2/presence/import}): JSON
 * lines, one {@link Presence} per line as the API serves it, with its stored (not effective) status.
 */
public final class Backups {

    /** The media type of an export and of an import's body: newline-delimited JSON. */
    public static final String NDJSON = "application/x-ndjson";

    /** The scope a token needs to export or import. */
    public static final String ADMIN_SCOPE = "presence:admin";

    /**
     * How far a line's {@code lastSeen} and {@code updatedAt} may lie ahead of the checking clock when that is not
     * the importing node's (a client checking a file before it sends it): the machines' clocks differ. The node
     * itself refuses any time ahead of its own clock: restored, it would outrank every later write of the user (a
     * restore keeps the newer record) and show a {@code lastSeen} from the future.
     */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    /** A node id, as the nodes' configuration requires it. */
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Backups() {
    }

    /**
     * What keeps {@code presence} from being imported, one problem a string ({@code "userId must be ..."}); empty
     * when nothing does. The server's check of every import line, and a client's before it sends any.
     */
    public static List<String> problems(Presence presence) {
        return problems(presence, Instant.now());
    }

    /**
     * As {@link #problems(Presence)}, checking the line's times against {@code now}. A line must be something a
     * node could have written: a status other than offline lapses ({@code expiresAt} and {@code ttlSeconds}
     * present, the lapse at most {@value PresenceLimits#MAX_TTL_SECONDS} s after {@code lastSeen}), and its
     * times are not ahead of {@code now} by more than {@link #MAX_CLOCK_SKEW}.
     */
    public static List<String> problems(Presence presence, Instant now) {
        List<String> problems = new ArrayList<>();
        if (presence.userId() == null) {
            problems.add("userId must not be null");
        } else if (!PresenceLimits.isValidUserId(presence.userId())) {
            problems.add("userId " + PresenceLimits.USER_ID_RULE);
        }
        if (presence.status() == null) {
            problems.add("status must not be null");
        }
        if (presence.lastSeen() == null) {
            problems.add("lastSeen must not be null");
        }
        if (presence.updatedAt() == null) {
            problems.add("updatedAt must not be null");
        }
        if (presence.nodeId() == null || presence.nodeId().isBlank()) {
            problems.add("nodeId must not be null or blank");
        } else if (!NODE_ID.matcher(presence.nodeId()).matches()) {
            problems.add("nodeId must be 1-64 characters of letters, digits, _ and -");
        }
        String message = presence.message();
        if (message != null && message.codePointCount(0, message.length()) > PresenceLimits.MAX_MESSAGE_LENGTH) {
            problems.add("message must be at most " + PresenceLimits.MAX_MESSAGE_LENGTH + " characters");
        }
        if (!PresenceLimits.hasNoControlCharacters(message)) {
            problems.add("message must not contain control characters or unpaired surrogates");
        }
        if (presence.ttlSeconds() != null && presence.ttlSeconds() < PresenceLimits.MIN_TTL_SECONDS) {
            problems.add("ttlSeconds must be at least " + PresenceLimits.MIN_TTL_SECONDS);
        } else if (presence.ttlSeconds() != null && presence.ttlSeconds() > PresenceLimits.MAX_TTL_SECONDS) {
            problems.add("ttlSeconds must be at most " + PresenceLimits.MAX_TTL_SECONDS);
        }
        if (presence.invisibleSince() != null && presence.visibility() != Visibility.INVISIBLE) {
            problems.add("invisibleSince is only for a user whose visibility is invisible");
        } else if (presence.invisibleSince() != null && presence.updatedAt() != null
                && presence.invisibleSince().isAfter(latestOf(presence.updatedAt(), presence.lastSeen()))) {
            problems.add("invisibleSince must not be after the user's latest write (updatedAt or lastSeen)");
        }
        if (presence.sessions() != null && presence.sessions() < 0) {
            problems.add("sessions must be at least 0");
        } else if (presence.sessions() != null) {
            sessionCount(presence, problems);
        }
        lapses(presence, now, problems);
        liveSessions(presence, now, problems);
        for (var time : List.of(Map.entry("lastSeen", Optional.ofNullable(presence.lastSeen())),
                Map.entry("updatedAt", Optional.ofNullable(presence.updatedAt())),
                Map.entry("expiresAt", Optional.ofNullable(presence.expiresAt())),
                Map.entry("invisibleSince", Optional.ofNullable(presence.invisibleSince())))) {
            // No node wrote before 1970; a year such as -999999999 is not even RFC 3339 when served again.
            time.getValue().filter(at -> at.isBefore(Instant.EPOCH)).ifPresent(at -> problems.add(time.getKey()
                    + " must not be before 1970-01-01T00:00:00Z (" + at + ")"));
        }
        Instant latest = now.plus(MAX_CLOCK_SKEW);
        if (presence.lastSeen() != null && presence.lastSeen().isAfter(latest)) {
            problems.add("lastSeen must not be in the future (" + presence.lastSeen() + ")");
        }
        if (presence.updatedAt() != null && presence.updatedAt().isAfter(latest)) {
            problems.add("updatedAt must not be in the future (" + presence.updatedAt() + ")");
        }
        return problems;
    }

    private static Instant latestOf(Instant updatedAt, Instant lastSeen) {
        return lastSeen != null && lastSeen.isAfter(updatedAt) ? lastSeen : updatedAt;
    }

    /**
     * A status other than offline lapses, at most the longest TTL after the user was last seen; an offline line's
     * {@code expiresAt}, when it has one, is when its status lapsed, so not ahead of {@code now}.
     */
    private static void lapses(Presence presence, Instant now, List<String> problems) {
        if (presence.status() == PresenceStatus.OFFLINE && presence.expiresAt() != null
                && presence.expiresAt().isAfter(now.plus(MAX_CLOCK_SKEW))) {
            problems.add("expiresAt of an offline line is when its status lapsed: it must not be in the future ("
                    + presence.expiresAt() + ")");
        }
        if (presence.status() == null || presence.status() == PresenceStatus.OFFLINE) {
            return;
        }
        if (presence.expiresAt() == null) {
            problems.add("expiresAt must not be null for a status other than offline");
        }
        if (presence.ttlSeconds() == null) {
            problems.add("ttlSeconds must not be null for a status other than offline");
        }
        if (presence.expiresAt() != null && presence.updatedAt() != null
                && presence.expiresAt().isBefore(presence.updatedAt())) {
            problems.add("expiresAt must not be before updatedAt (a status lapses after it was written)");
        }
        if (presence.expiresAt() != null && presence.lastSeen() != null
                && presence.expiresAt().isAfter(presence.lastSeen().plusSeconds(PresenceLimits.MAX_TTL_SECONDS))) {
            problems.add("expiresAt must be at most " + PresenceLimits.MAX_TTL_SECONDS + " s after lastSeen");
        } else if (oneSession(presence) && presence.expiresAt() != null && presence.lastSeen() != null
                && presence.updatedAt() != null && presence.ttlSeconds() != null
                && presence.ttlSeconds() >= PresenceLimits.MIN_TTL_SECONDS && presence.expiresAt().isAfter(
                        latestOf(presence.updatedAt(), presence.lastSeen()).plusSeconds(presence.ttlSeconds()))) {
            // Several sessions lapse each at its own time, the user's expiresAt at the last; one lapses ttlSeconds
            // after its last write, and an import restores that expiresAt as it is.
            problems.add("expiresAt must be at most ttlSeconds (" + presence.ttlSeconds() + " s) after the line's"
                    + " latest write (updatedAt or lastSeen) for a line of one session (was " + presence.expiresAt()
                    + ")");
        }
    }

    /** A line of one session: it lists none and counts at most one (a line from before session counts: none). */
    private static boolean oneSession(Presence presence) {
        return presence.liveSessions() == null && (presence.sessions() == null || presence.sessions() <= 1);
    }

    /**
     * A line's session count as a node serves it: none for an offline user, at least one otherwise, and as many as
     * it lists. An import restores the sessions, not the count, so a count that disagrees names a line edited in
     * one place only.
     */
    private static void sessionCount(Presence presence, List<String> problems) {
        int count = presence.sessions();
        List<PresenceSession> listed = presence.liveSessions();
        if (listed != null && !listed.isEmpty() && count != listed.size()) {
            problems.add("sessions must be the number of liveSessions, " + listed.size() + " (was " + count + ")");
        } else if (listed == null && presence.status() == PresenceStatus.OFFLINE && count != 0) {
            problems.add("sessions must be 0 for an offline line (was " + count + ")");
        } else if (listed == null && presence.status() != null && presence.status() != PresenceStatus.OFFLINE
                && count == 0) {
            problems.add("sessions must be at least 1 for a status other than offline (was 0)");
        } else if (count > PresenceLimits.MAX_SESSIONS_PER_USER) {
            problems.add("sessions must be at most " + PresenceLimits.MAX_SESSIONS_PER_USER + ", the most any node"
                    + " allows a user (was " + count + ")");
        }
    }

    /** An export line's sessions, each as a node writes one: a live status, lapsing ttlSeconds after its write. */
    private static void liveSessions(Presence presence, Instant now, List<String> problems) {
        List<PresenceSession> sessions = presence.liveSessions();
        if (sessions == null) {
            return;
        }
        if (sessions.isEmpty() || presence.status() == PresenceStatus.OFFLINE) {
            problems.add("liveSessions must hold the sessions of a user who is not offline, or be left out");
            return;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < sessions.size(); i++) {
            String at = "liveSessions[" + i + "]";
            PresenceSession session = sessions.get(i);
            if (session == null) {
                problems.add(at + " must be a session, not null");
                continue;
            }
            if (session.sessionId() == null || !PresenceLimits.isValidUserId(session.sessionId())) {
                problems.add(at + ".sessionId " + PresenceLimits.USER_ID_RULE);
            } else if (!ids.add(session.sessionId())) {
                problems.add(at + ".sessionId '" + session.sessionId() + "' is listed twice");
            }
            if (session.status() == null || session.status() == PresenceStatus.OFFLINE) {
                problems.add(at + ".status must be online, away or busy (an ended session is not stored)");
            }
            if (session.nodeId() == null || !NODE_ID.matcher(session.nodeId()).matches()) {
                problems.add(at + ".nodeId must be 1-64 characters of letters, digits, _ and -");
            }
            String message = session.message();
            if (message != null && (message.codePointCount(0, message.length()) > PresenceLimits.MAX_MESSAGE_LENGTH
                    || !PresenceLimits.hasNoControlCharacters(message))) {
                problems.add(at + ".message must be at most " + PresenceLimits.MAX_MESSAGE_LENGTH
                        + " characters, without control characters or unpaired surrogates");
            }
            sessionTimes(session, at, now, problems);
            if (presence.lastSeen() != null && session.updatedAt() != null
                    && session.updatedAt().isAfter(presence.lastSeen())) {
                problems.add(at + ".updatedAt must not be after the user's lastSeen (the latest write of any session)");
            } else if (presence.lastSeen() != null && session.lastSeen() != null
                    && session.lastSeen().isAfter(presence.lastSeen())) {
                problems.add(at + ".lastSeen must not be after the user's lastSeen (the latest of any session)");
            }
        }
    }

    /**
     * A session's times as a node stores them: it lapses after it was written, at most the longest TTL later (an
     * import keeps a one-session line's {@code expiresAt} as it is, so that is what such a session may hold), it
     * was last seen no earlier than written and changed no later, and it was neither written before 1970 nor in
     * the future.
     */
    private static void sessionTimes(PresenceSession session, String at, Instant now, List<String> problems) {
        if (session.lastSeen() == null || session.updatedAt() == null || session.expiresAt() == null
                || session.ttlSeconds() == null) {
            problems.add(at + " must have lastSeen, updatedAt, expiresAt and ttlSeconds");
            return;
        }
        if (session.ttlSeconds() < PresenceLimits.MIN_TTL_SECONDS || session.ttlSeconds() > PresenceLimits.MAX_TTL_SECONDS) {
            problems.add(at + ".ttlSeconds must be between " + PresenceLimits.MIN_TTL_SECONDS + " and "
                    + PresenceLimits.MAX_TTL_SECONDS);
        }
        if (session.expiresAt().isBefore(session.updatedAt())
                || session.expiresAt().isAfter(session.updatedAt().plusSeconds(PresenceLimits.MAX_TTL_SECONDS))) {
            problems.add(at + ".expiresAt must be after updatedAt, by at most " + PresenceLimits.MAX_TTL_SECONDS + " s");
        }
        if (session.lastSeen().isBefore(session.updatedAt())) {
            problems.add(at + ".lastSeen must not be before its updatedAt (a session is seen when written)");
        }
        if (session.changedAt() != null && session.changedAt().isAfter(session.updatedAt())) {
            problems.add(at + ".changedAt must not be after its updatedAt (a session changes when written)");
        } else if (session.changedAt() != null && session.changedAt().isBefore(Instant.EPOCH)) {
            problems.add(at + ".changedAt must not be before 1970-01-01T00:00:00Z (" + session.changedAt() + ")");
        }
        Instant latest = now.plus(MAX_CLOCK_SKEW);
        for (var time : List.of(Map.entry("lastSeen", session.lastSeen()), Map.entry("updatedAt", session.updatedAt()))) {
            if (time.getValue().isBefore(Instant.EPOCH)) {
                problems.add(at + "." + time.getKey() + " must not be before 1970-01-01T00:00:00Z (" + time.getValue()
                        + ")");
            } else if (time.getValue().isAfter(latest)) {
                problems.add(at + "." + time.getKey() + " must not be in the future (" + time.getValue() + ")");
            }
        }
    }
}
