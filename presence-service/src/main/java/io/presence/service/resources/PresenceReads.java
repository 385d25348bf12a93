package io.presence.service.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.presence.api.Presence;
import io.presence.service.core.PresenceRecord;
import java.io.UncheckedIOException;

/**
 * The answer to {@code GET /api/v2/presence/{userId}} for a stored record: 200 with the JSON body, or
 * 304 when {@code If-None-Match} names its tag; both with {@code ETag} and {@code Cache-Control}. The
 * one implementation behind both ways a read arrives: {@link CachedReadFilter} for cache hits and
 * {@link PresenceResource} for the rest.
 */
public final class PresenceReads {

    /** Clients may keep an answer but must revalidate it (cheap: a 304 has no body). */
    static final String CACHE_CONTROL = "no-cache";

    /** What to send back. {@code body} is null for a 304. */
    public record Answer(int status, String etag, byte[] body) {
    }

    private final ObjectWriter writer;

    /** @param mapper the application's mapper, so the body is byte for byte what Jersey would write */
    public PresenceReads(ObjectMapper mapper) {
        this.writer = mapper.writerFor(Presence.class);
    }

    /** The answer for a record as read now (see {@code PresenceService.effective}). */
    public Answer answer(PresenceRecord effective, String ifNoneMatch) {
        String etag = EntityTags.of(effective);
        if (EntityTags.matchesAny(ifNoneMatch, etag)) {
            return new Answer(304, etag, null);
        }
        return new Answer(200, etag, json(effective));
    }

    /** The record's JSON body, as Jersey would write it. */
    byte[] json(PresenceRecord record) {
        try {
            return writer.writeValueAsBytes(PresenceMapper.toApi(record));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
