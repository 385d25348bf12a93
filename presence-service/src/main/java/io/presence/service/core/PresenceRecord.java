package io.presence.service.core;

import io.presence.api.PresenceLimits;
import io.presence.api.PresenceStatus;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A user's stored presence and its storage revision (0 until stored): the aggregate of the user's live
 * sessions as of the write, the sessions themselves, and the user's privacy settings.
 *
 * <p>A record whose {@code sessions} list is empty is in the single-session form: its own fields are the one
 * session, {@value PresenceLimits#DEFAULT_SESSION_ID}, live while its status is not offline and has not
 * lapsed. That is how every record was stored before sessions (so they read unchanged), and how a user with
 * only that session is still stored (so they cost no more than before). A record with sessions lists every
 * session live when it was written; its own fields are their aggregate ({@link SessionPrecedence}), with
 * {@code expiresAt} the latest session expiry (when the user lapses to offline) and {@code lastSeen} the
 * latest write of any session.
 *
 * @param expiresAt      when a non-offline status lapses; null for an explicit offline
 * @param ttlSeconds     the lifetime the deciding session's last write asked for; null for an explicit offline
 * @param invisibleSince when the user became invisible (everyone else reads them as offline since then);
 *                       null while visible
 * @param hideLastSeen   whether {@code lastSeen} is hidden from everyone else
 * @param invisibleFrom  the revision of the record that made the user invisible, which everyone else reads as the
 *                       revision while the user stays invisible (their writes meanwhile must not show, not even as
 *                       a new revision or ETag); 0 when this record is that one, or the user is visible
 */
public record PresenceRecord(
        String userId,
        PresenceStatus status,
        String message,
        Instant lastSeen,
        Instant updatedAt,
        Instant expiresAt,
        Long ttlSeconds,
        String nodeId,
        long revision,
        List<SessionState> sessions,
        Instant invisibleSince,
        boolean hideLastSeen,
        long invisibleFrom) {

    public PresenceRecord {
        sessions = sessions == null ? List.of() : List.copyOf(sessions);
    }

    /** A record that is visible, or whose write made the user invisible. */
    public PresenceRecord(String userId, PresenceStatus status, String message, Instant lastSeen, Instant updatedAt,
                          Instant expiresAt, Long ttlSeconds, String nodeId, long revision,
                          List<SessionState> sessions, Instant invisibleSince, boolean hideLastSeen) {
        this(userId, status, message, lastSeen, updatedAt, expiresAt, ttlSeconds, nodeId, revision, sessions,
                invisibleSince, hideLastSeen, 0);
    }

    /** A single-session record with the default privacy settings. */
    public PresenceRecord(String userId, PresenceStatus status, String message, Instant lastSeen, Instant updatedAt,
                          Instant expiresAt, Long ttlSeconds, String nodeId, long revision) {
        this(userId, status, message, lastSeen, updatedAt, expiresAt, ttlSeconds, nodeId, revision, List.of(), null,
                false);
    }

    /**
     * The record of a user whose live sessions are {@code live} (at least one), as written by {@code nodeId}: the
     * deciding session's status, message, {@code updatedAt} and TTL; the latest expiry. A lone default session is
     * stored in the single-session form.
     */
    public static PresenceRecord aggregate(String userId, List<SessionState> live, Instant lastSeen, String nodeId,
                                           Instant invisibleSince, boolean hideLastSeen, long invisibleFrom) {
        SessionState decider = Collections.max(live, SessionPrecedence.DECIDING);
        Instant expiresAt = live.stream().map(SessionState::expiresAt).max(Instant::compareTo).orElseThrow();
        boolean single = live.size() == 1 && decider.sessionId().equals(PresenceLimits.DEFAULT_SESSION_ID);
        return new PresenceRecord(userId, decider.status(), decider.message(), lastSeen, decider.updatedAt(),
                expiresAt, decider.ttlSeconds(), nodeId, 0, single ? List.of() : live, invisibleSince, hideLastSeen,
                invisibleFrom);
    }

    /**
     * The latest write the record holds: its {@code updatedAt} is the deciding session's, and a later write of a
     * session that does not decide shows only in {@code lastSeen} and that session; a lapse written since is its
     * {@code updatedAt}.
     */
    public Instant lastWritten() {
        Instant latest = lastSeen != null && lastSeen.isAfter(updatedAt) ? lastSeen : updatedAt;
        for (SessionState session : sessions) {
            if (session.updatedAt().isAfter(latest)) {
                latest = session.updatedAt();
            }
        }
        return latest;
    }

    /** Whether the status has lapsed: non-offline and past {@code expiresAt} (every session has lapsed). */
    public boolean isExpiredAt(Instant now) {
        return status != PresenceStatus.OFFLINE && expiresAt != null && !now.isBefore(expiresAt);
    }

    /**
     * Whether this is a lapsed status read as offline before the offline transition was written: the
     * written transition is stamped at or after {@code expiresAt}, the last heartbeat before it.
     */
    public boolean isLapsedUnwritten() {
        return status == PresenceStatus.OFFLINE && expiresAt != null && updatedAt.isBefore(expiresAt);
    }

    /** The sessions live at {@code now}, the single-session form's one included. */
    public List<SessionState> liveSessions(Instant now) {
        if (sessions.isEmpty()) {
            return status == PresenceStatus.OFFLINE || expiresAt == null || isExpiredAt(now) ? List.of()
                    : List.of(new SessionState(PresenceLimits.DEFAULT_SESSION_ID, status, message, lastSeen, updatedAt,
                            expiresAt, ttlSeconds == null ? 0 : ttlSeconds, nodeId));
        }
        return sessions.stream().filter(session -> session.isLiveAt(now)).toList();
    }

    /** When the next session lapses (which changes what the user reads as); null when none will. */
    public Instant nextLapse() {
        if (status == PresenceStatus.OFFLINE) {
            return null;
        }
        return sessions.isEmpty() ? expiresAt
                : sessions.stream().map(SessionState::expiresAt).min(Instant::compareTo).orElse(expiresAt);
    }

    /** The record as a reader sees it at {@code now}: lapsed sessions gone, offline once none is left. */
    public PresenceRecord effectiveAt(Instant now) {
        if (sessions.isEmpty()) {
            return isExpiredAt(now) ? asOffline() : this;
        }
        if (!hasLapsedSession(now)) {
            return this;
        }
        List<SessionState> live = liveSessions(now);
        return live.isEmpty() ? asOffline()
                : aggregate(userId, live, lastSeen, nodeId, invisibleSince, hideLastSeen, invisibleFrom)
                        .withRevision(revision);
    }

    /** Whether a session has lapsed by {@code now}: a loop, as every read of a user with sessions asks it. */
    private boolean hasLapsedSession(Instant now) {
        for (SessionState session : sessions) {
            if (!session.isLiveAt(now)) {
                return true;
            }
        }
        return false;
    }

    /** The same record with status offline and no sessions, as the reader or the reaper sees a lapsed one. */
    public PresenceRecord asOffline() {
        return new PresenceRecord(userId, PresenceStatus.OFFLINE, message, lastSeen, updatedAt, expiresAt,
                ttlSeconds, nodeId, revision, List.of(), invisibleSince, hideLastSeen, invisibleFrom);
    }

    /** The same content at another revision. */
    public PresenceRecord withRevision(long newRevision) {
        return new PresenceRecord(userId, status, message, lastSeen, updatedAt, expiresAt, ttlSeconds, nodeId,
                newRevision, sessions, invisibleSince, hideLastSeen, invisibleFrom);
    }

    /** The revision everyone else reads: while the user is invisible, that of the write that made them so. */
    public long publicRevision() {
        return invisible() && invisibleFrom != 0 ? invisibleFrom : revision;
    }

    /**
     * The {@code invisibleFrom} of a record written over {@code current} whose user is invisible when
     * {@code invisibleSince} is not null: still invisible, they keep what everyone else reads.
     */
    public static long invisibleFromAfter(Optional<PresenceRecord> current, Instant invisibleSince) {
        return invisibleSince != null && current.isPresent() && current.get().invisible()
                ? current.get().publicRevision() : 0;
    }

    /** Whether everyone else reads this user as offline. */
    public boolean invisible() {
        return invisibleSince != null;
    }

    /** How many sessions are live as stored (read an {@link #effectiveAt effective} record for now). */
    public int sessionCount() {
        if (!sessions.isEmpty()) {
            return sessions.size();
        }
        return status == PresenceStatus.OFFLINE ? 0 : 1;
    }
}
