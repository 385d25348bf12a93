package io.presence.service.http;

import io.presence.api.PresenceUpdate;
import io.presence.service.auth.PresencePrincipal;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PresenceService;
import io.presence.service.core.StoreConflictException;
import io.presence.service.core.WriteForbiddenException;
import java.util.OptionalLong;

/**
 * What {@code PUT /api/v2/presence/{userId}} does once the caller is known: check the request, build the
 * record, store it under the request's conditions ({@code If-Match}, {@code If-None-Match}).
 */
public final class PresenceWrites {

    /** A checked write, ready to store: the record and what {@code If-Match} and {@code If-None-Match} require. */
    private record Write(PresenceRecord record, IfMatch ifMatch, IfNoneMatch ifNoneMatch) {
    }

    /** A stored write's answer: 200 with the stored presence and its {@code ETag}. */
    public record Answer(String etag, byte[] body) {
    }

    private final PresenceService service;
    private final PresenceJson json;
    private final RequestBodies bodies;

    public PresenceWrites(PresenceService service, PresenceJson json, RequestBodies bodies) {
        this.service = service;
        this.json = json;
        this.bodies = bodies;
    }

    /**
     * Checks, then stores; returns once storage acknowledged the write. Client errors are thrown before
     * anything is stored, in the order they are reported.
     */
    public Answer write(PresencePrincipal principal, String userId, String ifMatch, String ifNoneMatch,
                        PresenceUpdate update) {
        return commit(prepare(principal, userId, ifMatch, ifNoneMatch, update));
    }

    /**
     * Checks body, id, permission, {@code If-Match}, {@code If-None-Match}, message and TTL, in the order
     * their errors are reported.
     */
    private Write prepare(PresencePrincipal principal, String userId, String ifMatch, String ifNoneMatch,
                         PresenceUpdate update) {
        bodies.valid(update);
        UserIdLists.checkOne("userId", userId);
        if (!principal.mayWrite(userId)) {
            throw new WriteForbiddenException(principal.subject(), userId);
        }
        IfMatch condition = EntityTags.ifMatch(ifMatch);
        IfNoneMatch unlessCurrent = EntityTags.ifNoneMatch(ifNoneMatch);
        return new Write(service.recordOf(userId, update), condition, unlessCurrent);
    }

    /**
     * Stores the write; returns once storage acknowledged it. A failed {@code If-Match} carries the current
     * presence's {@code ETag} as this node knows it, so the client can retry without reading first.
     */
    private Answer commit(Write write) {
        PresenceRecord stored;
        try {
            stored = service.store(write.record(), revisionToWriteAt(write));
        } catch (StoreConflictException e) {
            StoreConflictException conflict = createOnly(write)
                    ? new StoreConflictException(existsMessage(write.record().userId())) : e;
            throw conflict.withCurrentEtag(service.find(write.record().userId()).map(EntityTags::of).orElse(null));
        }
        return new Answer(EntityTags.of(stored), json.bytes(stored));
    }

    /**
     * The revision the store must still hold for the write to apply. One named revision is compared and set
     * directly; {@code *} or a list is checked against the current presence, whose revision is then the one
     * compared and set, so a write in between still fails the condition.
     */
    private OptionalLong revisionToWriteAt(Write write) {
        checkIfNoneMatch(write);
        IfMatch condition = write.ifMatch();
        if (!condition.present()) {
            // Create-only: revision 0 is "no value yet", so a create racing this one fails the compare-and-set.
            return createOnly(write) ? OptionalLong.of(0) : OptionalLong.empty();
        }
        OptionalLong single = condition.singleRevision();
        if (single.isPresent()) {
            return single;
        }
        String userId = write.record().userId();
        long current = service.find(userId).map(PresenceRecord::revision).filter(condition::admits)
                .orElseThrow(() -> new StoreConflictException(
                        "presence of '" + userId + "' is not at a revision If-Match names"));
        return OptionalLong.of(current);
    }

    /**
     * {@code If-None-Match} against the current presence. A list is checked here only: a write in between
     * gives a new revision, which no tag a client was served can name, so the condition still holds.
     */
    private void checkIfNoneMatch(Write write) {
        IfNoneMatch condition = write.ifNoneMatch();
        if (condition.present()) {
            String userId = write.record().userId();
            if (!condition.admits(service.find(userId).map(EntityTags::of))) {
                throw new StoreConflictException(condition.anyCurrent() ? existsMessage(userId)
                        : "presence of '" + userId + "' is at a tag If-None-Match names");
            }
        }
    }

    private static boolean createOnly(Write write) {
        return write.ifNoneMatch().anyCurrent() && !write.ifMatch().present();
    }

    private static String existsMessage(String userId) {
        return "presence of '" + userId + "' exists (If-None-Match: *)";
    }
}
