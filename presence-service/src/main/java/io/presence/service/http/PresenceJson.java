package io.presence.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.presence.api.Presence;
import io.presence.api.PresenceList;
import io.presence.service.core.PresenceLookup;
import io.presence.service.core.PresenceRecord;
import java.io.UncheckedIOException;

/**
 * The one JSON encoding of presence: a read's body, a write's answer, a list, a stream event's data. Built on
 * the application's mapper, so timestamps and field order are the same everywhere.
 */
public final class PresenceJson {

    private final ObjectWriter presence;
    private final ObjectWriter list;

    public PresenceJson(ObjectMapper mapper) {
        this.presence = mapper.writerFor(Presence.class);
        this.list = mapper.writerFor(PresenceList.class);
    }

    /** One presence as UTF-8 JSON. */
    public byte[] bytes(PresenceRecord record) {
        return write(presence, toApi(record));
    }

    /** One presence as JSON text on one line (a stream event's data). */
    public String text(PresenceRecord record) {
        try {
            return presence.writeValueAsString(toApi(record));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A multi-get's or batch's answer as UTF-8 JSON. */
    public byte[] bytes(PresenceLookup lookup) {
        return write(list, new PresenceList(lookup.found().stream().map(PresenceJson::toApi).toList(),
                lookup.notFound()));
    }

    private static byte[] write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Presence toApi(PresenceRecord record) {
        return new Presence(record.userId(), record.status(), record.message(), record.lastSeen(),
                record.updatedAt(), record.expiresAt(), record.ttlSeconds(), record.nodeId(), record.revision());
    }
}
