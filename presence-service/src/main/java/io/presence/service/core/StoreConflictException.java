package io.presence.service.core;

import java.util.Optional;

/** A conditional write whose condition the stored presence no longer meets (answered 412). */
public class StoreConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The {@code ETag} a read of the current presence gives, when there is one (sent with the 412). */
    private final String currentEtag;

    /** A compare-and-set that named a revision which is no longer the current one. */
    public StoreConflictException(String userId, long expectedRevision, Throwable cause) {
        super("presence of '" + userId + "' is no longer at revision " + expectedRevision, cause);
        this.currentEtag = null;
    }

    /** A condition on the current presence (e.g. {@code If-Match: *}) that it does not meet. */
    public StoreConflictException(String message) {
        super(message);
        this.currentEtag = null;
    }

    /** An {@code If-Match} that names none of the user's current tags, on a read or a write. */
    public static StoreConflictException ifMatchNotMet(String userId) {
        return new StoreConflictException("presence of '" + userId + "' is not at a revision If-Match names");
    }

    private StoreConflictException(StoreConflictException conflict, String currentEtag) {
        super(conflict.getMessage(), conflict);
        this.currentEtag = currentEtag;
    }

    /** This conflict, telling the client the tag to send next ({@code null}: the user has no presence). */
    public StoreConflictException withCurrentEtag(String etag) {
        return new StoreConflictException(this, etag);
    }

    public Optional<String> currentEtag() {
        return Optional.ofNullable(currentEtag);
    }
}
