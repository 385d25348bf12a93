package io.presence.service.core;

import io.presence.api.PresenceLimits;
import io.presence.api.PresenceStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
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
 * @param publicFrom     for a user with privacy settings (invisible, or lastSeen hidden): the revision of the record
 *                       since which everyone else reads the user as they read them in this one, which everyone else
 *                       reads as the revision (a write that changes nothing they read must not show, not even as a new
 *                       revision or ETag); 0 when this record's own revision is that one
 * @param sessionsLapsed whether this is a reader's view of a stored record from which sessions that lapsed since
 *                       were dropped, before the reaper wrote that (never stored: it reads differently from the
 *                       stored revision, so its tag must say so)
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
        long publicFrom,
        boolean sessionsLapsed) {

    public PresenceRecord {
        sessions = sessions == null ? List.of() : List.copyOf(sessions);
    }

    /** A record as stored (or about to be). */
    public PresenceRecord(String userId, PresenceStatus status, String message, Instant lastSeen, Instant updatedAt,
                          Instant expiresAt, Long ttlSeconds, String nodeId, long revision,
                          List<SessionState> sessions, Instant invisibleSince, boolean hideLastSeen, long publicFrom) {
        this(userId, status, message, lastSeen, updatedAt, expiresAt, ttlSeconds, nodeId, revision, sessions,
                invisibleSince, hideLastSeen, publicFrom, false);
    }

    /** A record whose own revision is the one everyone else reads. */
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
                                           Instant invisibleSince, boolean hideLastSeen, long publicFrom) {
        SessionState decider = Collections.max(live, SessionPrecedence.DECIDING);
        Instant expiresAt = live.stream().map(SessionState::expiresAt).max(Instant::compareTo).orElseThrow();
        boolean single = live.size() == 1 && decider.sessionId().equals(PresenceLimits.DEFAULT_SESSION_ID);
        return new PresenceRecord(userId, decider.status(), decider.message(), lastSeen, decider.updatedAt(),
                expiresAt, decider.ttlSeconds(), nodeId, 0, single ? List.of() : live, invisibleSince, hideLastSeen,
                publicFrom);
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
     * Whether this reads otherwise than its stored revision because something lapsed that is not written yet: the
     * status, read as offline (the written transition is stamped at or after {@code expiresAt}, the last heartbeat
     * before it), or some of the sessions, dropped from what is read.
     */
    public boolean isLapsedUnwritten() {
        return sessionsLapsed || status == PresenceStatus.OFFLINE && expiresAt != null && updatedAt.isBefore(expiresAt);
    }

    /**
     * The sessions live at {@code now}, the single-session form's one included. That form keeps no
     * {@code changedAt} (it is stored as before sessions): its session reads as changed at its last write. A session
     * that joins it is first written later, so it still reads as the later change, as it would with the true one.
     */
    public List<SessionState> liveSessions(Instant now) {
        if (sessions.isEmpty()) {
            return status == PresenceStatus.OFFLINE || expiresAt == null || isExpiredAt(now) ? List.of()
                    : List.of(new SessionState(PresenceLimits.DEFAULT_SESSION_ID, status, message, lastSeen, updatedAt,
                            updatedAt, expiresAt, ttlSeconds == null ? 0 : ttlSeconds, nodeId));
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
        if (live.isEmpty()) {
            return asOffline();
        }
        PresenceRecord rest = aggregate(userId, live, lastSeen, nodeId, invisibleSince, hideLastSeen, publicFrom);
        return new PresenceRecord(userId, rest.status, rest.message, lastSeen, rest.updatedAt, rest.expiresAt,
                rest.ttlSeconds, nodeId, revision, rest.sessions, invisibleSince, hideLastSeen, publicFrom, true);
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
                ttlSeconds, nodeId, revision, List.of(), invisibleSince, hideLastSeen, publicFrom);
    }

    /** The same content at another revision. */
    public PresenceRecord withRevision(long newRevision) {
        return new PresenceRecord(userId, status, message, lastSeen, updatedAt, expiresAt, ttlSeconds, nodeId,
                newRevision, sessions, invisibleSince, hideLastSeen, publicFrom);
    }

    /** The revision everyone else reads: for a user with privacy settings, that of the write they last saw change. */
    public long publicRevision() {
        return hasPrivacySettings() && publicFrom != 0 ? publicFrom : revision;
    }

    /**
     * Whether this record says all that {@code earlier} said, stored again at a later revision: every field but the
     * revision alike, and for a user with privacy settings the same public revision. Nothing anyone reads changed
     * but the revision ({@code store.BucketCompactor} moves old records forward this way). A record does not
     * restate itself: a watch that sees the write it holds must hand it on as a write.
     */
    public boolean restates(PresenceRecord earlier) {
        return earlier.revision < revision && status == earlier.status && Objects.equals(lastSeen, earlier.lastSeen)
                && Objects.equals(updatedAt, earlier.updatedAt) && Objects.equals(expiresAt, earlier.expiresAt)
                && Objects.equals(message, earlier.message) && Objects.equals(ttlSeconds, earlier.ttlSeconds)
                && Objects.equals(nodeId, earlier.nodeId) && sessions.equals(earlier.sessions)
                && Objects.equals(invisibleSince, earlier.invisibleSince) && hideLastSeen == earlier.hideLastSeen
                && sessionsLapsed == earlier.sessionsLapsed && userId.equals(earlier.userId)
                && (!hasPrivacySettings() || publicRevision() == earlier.publicRevision());
    }

    /**
     * This record with its public revision written into it, so that storing it again at a later revision changes
     * nothing everyone else reads, not even the revision they read; itself when it has no privacy settings (everyone
     * reads its own revision) or names its public revision already.
     */
    public PresenceRecord withPublicRevisionPinned() {
        return !hasPrivacySettings() || publicFrom != 0 ? this : new PresenceRecord(userId, status, message, lastSeen,
                updatedAt, expiresAt, ttlSeconds, nodeId, revision, sessions, invisibleSince, hideLastSeen, revision);
    }

    /**
     * This record as written over {@code current}: a user with privacy settings keeps the public revision of
     * {@code current} while everyone else reads them as before (a heartbeat of an invisible user, or of one who
     * hides lastSeen, tells others nothing, not even that a write happened); any other write starts a new one. Such a
     * write keeps {@code current}'s {@code nodeId} too, the node of the write that last changed what others read:
     * a heartbeat through another node (behind a load balancer, or in another region) would otherwise show everyone
     * that the user is active, and where.
     */
    public PresenceRecord publishedOver(Optional<PresenceRecord> current) {
        Optional<PresenceRecord> unseen = current.filter(before -> hasPrivacySettings() && before.hasPrivacySettings()
                && before.publicView().equals(writtenBy(before.nodeId).publicView()));
        long from = unseen.map(PresenceRecord::publicRevision).orElse(0L);
        String node = unseen.map(PresenceRecord::nodeId).orElse(nodeId);
        if (from == publicFrom && Objects.equals(node, nodeId)) {
            return this;
        }
        return new PresenceRecord(userId, status, message, lastSeen, updatedAt, expiresAt, ttlSeconds, node, revision,
                sessions, invisibleSince, hideLastSeen, from);
    }

    private PresenceRecord writtenBy(String node) {
        return Objects.equals(node, nodeId) ? this : new PresenceRecord(userId, status, message, lastSeen, updatedAt,
                expiresAt, ttlSeconds, node, revision, sessions, invisibleSince, hideLastSeen, publicFrom);
    }

    /**
     * What everyone but the user reads. An invisible user reads as offline since the moment they became
     * invisible, as if they had signed off then: no message, no expiry, no sessions. A user who does not
     * share {@code lastSeen} is read without it, and without what would give it away: {@code updatedAt} only to
     * the day (a sign-off's is the moment last seen), no {@code expiresAt} or {@code ttlSeconds} (their
     * difference is the last heartbeat).
     */
    public PublicView publicView() {
        if (invisible()) {
            Instant updated = earlier(updatedAt, invisibleSince);
            return new PublicView(PresenceStatus.OFFLINE, null, hideLastSeen ? null : earlier(lastSeen, invisibleSince),
                    hideLastSeen ? toTheDay(updated) : updated, null, null, nodeId, 0);
        }
        if (hideLastSeen) {
            return new PublicView(status, message, null, toTheDay(updatedAt), null, null, nodeId, sessionCount());
        }
        return new PublicView(status, message, lastSeen, updatedAt, expiresAt, ttlSeconds, nodeId, sessionCount());
    }

    /** Whether everyone else reads less of this user than the user does. */
    public boolean hasPrivacySettings() {
        return invisible() || hideLastSeen;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant toTheDay(Instant at) {
        return at.truncatedTo(ChronoUnit.DAYS);
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
