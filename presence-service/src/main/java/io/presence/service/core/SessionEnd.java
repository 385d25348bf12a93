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
        List<SessionState> left = sessionId == null ? List.of()
                : live.stream().filter(session -> !session.sessionId().equals(sessionId)).toList();
        if (sessionId != null && left.size() == live.size()) {
            throw new PresenceNotFoundException(userId, sessionId);
        }
        if (left.isEmpty()) {
            return new PresenceRecord(userId, PresenceStatus.OFFLINE, record.message(), at, at, null, null, nodeId, 0,
                    List.of(), record.invisibleSince(), record.hideLastSeen());
        }
        return PresenceRecord.aggregate(userId, left, at, nodeId, record.invisibleSince(), record.hideLastSeen());
    }
}
