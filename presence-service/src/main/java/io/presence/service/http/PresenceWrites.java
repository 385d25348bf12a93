package io.presence.service.http;

import io.presence.api.PresenceUpdate;
import io.presence.service.auth.PresencePrincipal;
import io.presence.api.PresenceLimits;
import io.presence.service.core.PresenceChange;
import io.presence.service.core.PresenceNotFoundException;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PresenceService;
import io.presence.service.core.StoreConflictException;
import io.presence.service.core.WriteForbiddenException;
import java.util.OptionalLong;

/**
 * What {@code PUT /api/v2/presence/{userId}} (the default session), {@code PUT .../{userId}/sessions/{sessionId}}
 * and the two {@code DELETE}s do once the caller is known: check the request, build the change, store it under
 * the request's conditions ({@code If-Match}, {@code If-None-Match}).
 */
public final class PresenceWrites {

    /** A checked write, ready to store: the change and what {@code If-Match} and {@code If-None-Match} require. */
    private record Write(PresenceChange change, IfMatch ifMatch, IfNoneMatch ifNoneMatch) {
        String userId() {
            return change.userId();
        }
    }

    /** A stored write's answer: 200 with the stored presence (as the user sees it) and its {@code ETag}. */
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
     *
     * @param sessionId the session written: {@link PresenceLimits#DEFAULT_SESSION_ID} for the user's own path
     */
    public Answer write(PresencePrincipal principal, String userId, String sessionId, String ifMatch,
                        String ifNoneMatch, PresenceUpdate update) {
        bodies.valid(update);
        checkTarget(principal, userId, sessionId);
        IfMatch condition = EntityTags.ifMatch(ifMatch);
        IfNoneMatch unlessCurrent = EntityTags.ifNoneMatch(ifNoneMatch);
        return commit(new Write(service.sessionWrite(userId, sessionId, update), condition, unlessCurrent));
    }

    /**
     * Ends one session ({@code sessionId}), or all of the user's ({@code sessionId} null), under the request's
     * conditions as a write has them (RFC 9110 §13.1: a failed condition ends nothing); returns once storage
     * acknowledged it.
     *
     * @throws PresenceNotFoundException when the user has no presence or the session is not live
     */
    public Answer end(PresencePrincipal principal, String userId, String sessionId, String ifMatch,
                      String ifNoneMatch) {
        checkTarget(principal, userId, sessionId);
        IfMatch condition = EntityTags.ifMatch(ifMatch);
        IfNoneMatch unlessCurrent = EntityTags.ifNoneMatch(ifNoneMatch);
        return commit(new Write(service.sessionEnd(userId, sessionId), condition, unlessCurrent));
    }

    /** The ids, then whether the caller may write this user, in the order their errors are reported. */
    private static void checkTarget(PresencePrincipal principal, String userId, String sessionId) {
        UserIdLists.checkOne("userId", userId);
        if (sessionId != null) {
            UserIdLists.checkOne("sessionId", sessionId);
        }
        if (!principal.mayWrite(userId)) {
            throw new WriteForbiddenException(principal.subject(), userId);
        }
    }

    /**
     * Stores the write; returns once storage acknowledged it. A failed {@code If-Match} carries the current
     * presence's {@code ETag} as this node knows it, so the client can retry without reading first.
     */
    private Answer commit(Write write) {
        PresenceRecord stored;
        try {
            stored = service.commit(write.change(), revisionToWriteAt(write));
        } catch (StoreConflictException e) {
            StoreConflictException conflict = createOnly(write)
                    ? new StoreConflictException(existsMessage(write.userId())) : e;
            throw conflict.withCurrentEtag(service.find(write.userId()).map(EntityTags::of).orElse(null));
        }
        return new Answer(EntityTags.of(stored), json.ownBytes(stored));
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
        String userId = write.userId();
        long current = service.find(userId).map(PresenceRecord::revision).filter(condition::admits)
                .orElseThrow(() -> StoreConflictException.ifMatchNotMet(userId));
        return OptionalLong.of(current);
    }

    /**
     * {@code If-None-Match} against the current presence. A list is checked here only: a write in between
     * gives a new revision, which no tag a client was served can name, so the condition still holds.
     */
    private void checkIfNoneMatch(Write write) {
        IfNoneMatch condition = write.ifNoneMatch();
        if (condition.present()) {
            String userId = write.userId();
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
