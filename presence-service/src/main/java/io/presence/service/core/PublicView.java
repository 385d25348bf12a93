package io.presence.service.core;

import io.presence.api.PresenceStatus;
import java.time.Instant;

/**
 * What everyone but the user reads of a presence ({@link PresenceRecord#publicView}); null fields are left out.
 *
 * @param sessions how many sessions are live, as everyone else is told
 */
public record PublicView(PresenceStatus status, String message, Instant lastSeen, Instant updatedAt, Instant expiresAt,
                         Long ttlSeconds, String nodeId, int sessions) {
}
