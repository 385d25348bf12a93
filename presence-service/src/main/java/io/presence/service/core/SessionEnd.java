package io.presence.service.core;

import io.presence.api.PresenceStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A sign-out: one session ends ({@code DELETE .../sessions/{sessionId}}), or all of them
 * ({@code DELETE /api/v2/presence/{userId}}, {@code sessionId} null). The user goes offline when no session
 * is left; their message and privacy settings are kept.
 */
public record SessionEnd(String userId, String sessionId, Instant at, String nodeId) implements PresenceChange {

    /**
     * @throws PresenceNotFoundException when the user has no presence, or the named session is not live
     */
    @Override
    public PresenceRecord applyTo(Optional<PresenceRecord> current) {
        PresenceRecord record = current.orElseThrow(() -> new PresenceNotFoundException(userId));
        List<SessionState> live = record.liveSessions(at);
        if (sessionId != null && live.stream().noneMatch(session -> session.sessionId().equals(sessionId))) {
            throw new PresenceNotFoundException(userId, sessionId);
        }
        if (sessionId == null && live.isEmpty() && record.status() == PresenceStatus.OFFLINE) {
            // Signed out already: a repeated sign-out (a retry, a second device) must not move lastSeen to now.
            return record;
        }
        // A session written after this end (through another node) stays.
        List<SessionState> left = live.stream().filter(session -> session.updatedAt().isAfter(at)
                || sessionId != null && !session.sessionId().equals(sessionId)).toList();
        // Seen now, or later when a write through another node came after this end: lastSeen is the latest write.
        Instant lastSeen = record.lastSeen().isAfter(at) ? record.lastSeen() : at;
        PresenceRecord next = left.isEmpty()
                ? new PresenceRecord(userId, PresenceStatus.OFFLINE, record.message(), lastSeen, at, null, null, nodeId,
                        0, List.of(), record.invisibleSince(), record.hideLastSeen())
                : PresenceRecord.aggregate(userId, left, lastSeen, nodeId, record.invisibleSince(), record.hideLastSeen(),
                        0);
        return next.publishedOver(current);
    }

    @Override
    public boolean heldBy(PresenceRecord record, Instant now) {
        return ended(record, now, sessionId, at);
    }

    @Override
    public boolean supersedes(PresenceChange earlier) {
        return sessionId == null || earlier instanceof SessionWrite write && write.sessionId().equals(sessionId)
                || earlier instanceof SessionEnd end && sessionId.equals(end.sessionId());
    }

    /**
     * Whether {@code record} has no live session (or none named {@code sessionId}, when not null) written at or
     * before {@code at}: what an end at {@code at} leaves.
     */
    static boolean ended(PresenceRecord record, Instant now, String sessionId, Instant at) {
        return record.liveSessions(now).stream().noneMatch(session -> !session.updatedAt().isAfter(at)
                && (sessionId == null || session.sessionId().equals(sessionId)));
    }
}
