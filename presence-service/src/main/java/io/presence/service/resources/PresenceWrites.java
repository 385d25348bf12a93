package io.presence.service.resources;

import io.presence.api.PresenceUpdate;
import io.presence.service.auth.PresencePrincipal;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PresenceService;
import io.presence.service.core.WriteForbiddenException;
import io.presence.service.errors.RequestBodies;
import java.util.OptionalLong;

/**
 * What {@code PUT /api/v2/presence/{userId}} does, in two steps: {@link #prepare} checks the request and
 * builds the record, throwing only client errors and storing nothing; {@link #commit} stores it. The one
 * implementation behind both ways a write arrives: {@link DirectWriteFilter} for plain requests and
 * {@link PresenceResource} for the rest. The filter needs the two steps: a request it cannot answer is
 * handed to the resource before anything has been counted against a rate limit or stored.
 */
public final class PresenceWrites {

    /** A checked write, ready to store: the record and the revision {@code If-Match} requires, if any. */
    public record Write(PresenceRecord record, OptionalLong ifMatch) {
    }

    /** A stored write's answer: 200 with the stored presence and its {@code ETag}. */
    public record Answer(String etag, byte[] body) {
    }

    private final PresenceService service;
    private final PresenceReads reads;
    private final RequestBodies bodies;

    /** @param reads encodes the stored record, so a write answers with the body a read of it gives */
    public PresenceWrites(PresenceService service, PresenceReads reads, RequestBodies bodies) {
        this.service = service;
        this.reads = reads;
        this.bodies = bodies;
    }

    /** Checks body, id, permission, {@code If-Match}, message and TTL, in the order their errors are reported. */
    public Write prepare(PresencePrincipal principal, String userId, String ifMatch, PresenceUpdate update) {
        bodies.valid(update);
        PresenceResource.checkUserId("userId", userId);
        if (!principal.mayWrite(userId)) {
            throw new WriteForbiddenException(principal.subject(), userId);
        }
        OptionalLong revision = EntityTags.requiredRevision(ifMatch);
        return new Write(service.recordOf(userId, update), revision);
    }

    /** Stores the write; returns once storage acknowledged it. */
    public Answer commit(Write write) {
        PresenceRecord stored = service.store(write.record(), write.ifMatch());
        return new Answer(EntityTags.of(stored), reads.json(stored));
    }
}
