package io.presence.service.core;

import io.presence.api.PresenceLimits;
import io.presence.api.PresenceStatus;
import io.presence.api.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A status change or heartbeat of one session, stamped when it was checked. An offline status ends the
 * session (one that is not live is answered as the user is: nothing written, {@code lastSeen} kept); the user goes
 * offline when no other session is live (a user without presence is not found, as for a
 * sign-out). Privacy settings named in the write become the user's; those not named are kept.
 */
public record SessionWrite(String userId, String sessionId, PresenceStatus status, String message, long ttlSeconds,
                           Visibility visibility, Boolean shareLastSeen, Instant at, String nodeId,
                           int maxSessions) implements PresenceChange {

    /**
     * @throws PresenceNotFoundException when the write is offline and the user has no presence: there is no session
     *                                   to end, and storing one would show a user never seen as last seen now
     */
    @Override
    public PresenceRecord applyTo(Optional<PresenceRecord> current) {
        if (status == PresenceStatus.OFFLINE && current.isEmpty()) {
            throw new PresenceNotFoundException(userId);
        }
        List<SessionState> live = new ArrayList<>(current.map(record -> record.liveSessions(at)).orElse(List.of()));
        Optional<SessionState> previous = live.stream().filter(session -> session.sessionId().equals(sessionId))
                .findFirst();
        Optional<SessionState> newer = previous.filter(session -> session.updatedAt().isAfter(at));
        boolean endsNothing = status == PresenceStatus.OFFLINE && previous.isEmpty();
        if (endsNothing && !changesPrivacyOf(current.get())) {
            // The session is not live (ended, lapsed, never started): a repeated sign-out (a retry, a second device)
            // changes nothing, and must not show the user as seen now.
            return current.get();
        }
        live.removeIf(session -> session.sessionId().equals(sessionId));
        Instant lastSeen = endsNothing ? current.get().lastSeen()
                : current.map(PresenceRecord::lastSeen).filter(seen -> seen.isAfter(at)).orElse(at);
        if (newer.isPresent()) {
            live.add(newer.get());
        } else if (status != PresenceStatus.OFFLINE) {
            if (live.size() >= maxSessions) {
                // Read after the field name: "sessionId 'tablet' would be one live session too many: ...".
                throw InvalidInputException.unprocessable("sessionId", "'" + sessionId + "'"
                        + (PresenceLimits.DEFAULT_SESSION_ID.equals(sessionId) ? " (the session PUT /{userId} writes)" : "")
                        + " would be one live session too many: user '" + userId + "' already has " + live.size()
                        + " live sessions, the most allowed (presence.maxSessionsPerUser); end one (DELETE"
                        + " .../sessions/{sessionId}) or let one lapse");
            }
            // A heartbeat keeps when the session last changed, so that it does not take the decision from another
            // device of the same status (SessionPrecedence).
            Instant changedAt = previous.filter(session -> session.says(status, message)).map(SessionState::changedAt)
                    .orElse(at);
            live.add(new SessionState(sessionId, status, message, at, at, changedAt, at.plusSeconds(ttlSeconds),
                    ttlSeconds, nodeId));
        }
        Instant invisibleSince = invisibleSince(current);
        boolean hideLastSeen = shareLastSeen != null ? !shareLastSeen
                : current.map(PresenceRecord::hideLastSeen).orElse(false);
        PresenceRecord next = live.isEmpty()
                ? new PresenceRecord(userId, PresenceStatus.OFFLINE, message, lastSeen, at, null, null, nodeId, 0,
                        List.of(), invisibleSince, hideLastSeen)
                : PresenceRecord.aggregate(userId, live, lastSeen, nodeId, invisibleSince, hideLastSeen, 0);
        return next.publishedOver(current);
    }

    @Override
    public boolean heldBy(PresenceRecord record, Instant now) {
        if (status == PresenceStatus.OFFLINE) {
            return SessionEnd.ended(record, now, sessionId, at);
        }
        return !at.plusSeconds(ttlSeconds).isAfter(now) || signedOutSince(record) || record.liveSessions(now).stream()
                .anyMatch(session -> session.sessionId().equals(sessionId) && !session.updatedAt().isBefore(at));
    }

    /**
     * Whether {@code record} is a sign-out made at or after this write (offline with no expiry, which a lapse has):
     * the later word stands, through whichever node it came. Bringing this write back would undo it until the
     * session's TTL ran out, as no heartbeat follows a sign-out. The cost: a sign-out of another device, made
     * through a node that had not seen this write yet, ends this session too, until its next heartbeat.
     */
    private boolean signedOutSince(PresenceRecord record) {
        return record.status() == PresenceStatus.OFFLINE && record.expiresAt() == null
                && !record.updatedAt().isBefore(at);
    }

    @Override
    public boolean supersedes(PresenceChange earlier) {
        return earlier instanceof SessionWrite write ? write.sessionId().equals(sessionId)
                : earlier instanceof SessionEnd end && sessionId.equals(end.sessionId());
    }

    /** Whether this write names a privacy setting {@code record} does not have. */
    private boolean changesPrivacyOf(PresenceRecord record) {
        return visibility != null && (visibility == Visibility.INVISIBLE) != (record.invisibleSince() != null)
                || shareLastSeen != null && shareLastSeen == record.hideLastSeen();
    }

    /** Kept from the current record unless this write names a visibility; a user already invisible keeps the moment. */
    private Instant invisibleSince(Optional<PresenceRecord> current) {
        Instant since = current.map(PresenceRecord::invisibleSince).orElse(null);
        if (visibility == null) {
            return since;
        }
        return visibility == Visibility.INVISIBLE ? (since != null ? since : at) : null;
    }
}
