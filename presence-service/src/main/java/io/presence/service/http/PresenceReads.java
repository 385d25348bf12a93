package io.presence.service.http;

import io.presence.service.core.PresenceRecord;
import io.presence.service.core.SessionState;
import io.presence.service.core.StoreConflictException;
import java.util.List;

/**
 * The answer to {@code GET /api/v2/presence/{userId}} for a stored record: 200 with the JSON body, or
 * 304 when {@code If-None-Match} names its tag; both with {@code ETag} and {@code Cache-Control}. An
 * {@code If-Match} naming another tag is a 412 first, as RFC 9110 §13.2.2 orders the two.
 */
public final class PresenceReads {

    /** Clients may keep an answer but must revalidate it (cheap: a 304 has no body). */
    public static final String CACHE_CONTROL = "no-cache";

    /** What to send back. {@code body} is null for a 304. */
    public record Answer(int status, String etag, byte[] body) {
    }

    /** A read's conditions, as sent (each null when absent; several lines as one, {@link EntityTags#combined}). */
    public record Conditions(String ifMatch, String ifNoneMatch) {
        /** A read without conditions. */
        public static final Conditions NONE = new Conditions(null, null);

        /** A 412 with the current tag when {@code If-Match} names another; else whether {@code If-None-Match} names it. */
        boolean notModified(String userId, String etag) {
            if (!EntityTags.ifMatchHolds(ifMatch, etag)) {
                throw StoreConflictException.ifMatchNotMet(userId).withCurrentEtag(etag);
            }
            return EntityTags.matchesAny(ifNoneMatch, etag);
        }
    }

    private final PresenceJson json;

    public PresenceReads(PresenceJson json) {
        this.json = json;
    }

    /**
     * The answer for a record as read now (see {@code PresenceService.effective}).
     *
     * @param own whether the reader is the user (or an admin), who reads the true state
     */
    public Answer answer(PresenceRecord effective, Conditions conditions, boolean own) {
        String etag = own ? EntityTags.of(effective) : EntityTags.ofPublic(effective);
        if (conditions.notModified(effective.userId(), etag)) {
            return new Answer(304, etag, null);
        }
        return new Answer(200, etag, own ? json.ownBytes(effective) : json.bytes(effective));
    }

    /**
     * The user's live sessions, with the user's {@code ETag} (their sessions change with every write); 304 when
     * {@code If-None-Match} names it, 412 when {@code If-Match} names another.
     */
    public Answer sessions(PresenceRecord effective, List<SessionState> live, Conditions conditions) {
        String etag = EntityTags.of(effective);
        if (conditions.notModified(effective.userId(), etag)) {
            return new Answer(304, etag, null);
        }
        return new Answer(200, etag, json.bytes(effective.userId(), live, effective.revision()));
    }
}
