package io.presence.service.resources;

import io.presence.api.Presence;
import io.presence.api.PresenceList;
import io.presence.service.core.PresenceLookup;
import io.presence.service.core.PresenceRecord;

/** Core records to API DTOs. */
final class PresenceMapper {

    private PresenceMapper() {
    }

    static Presence toApi(PresenceRecord record) {
        return new Presence(record.userId(), record.status(), record.message(), record.lastSeen(),
                record.updatedAt(), record.expiresAt(), record.ttlSeconds(), record.nodeId(), record.revision());
    }

    static PresenceList toApi(PresenceLookup lookup) {
        return new PresenceList(lookup.found().stream().map(PresenceMapper::toApi).toList(), lookup.notFound());
    }
}
