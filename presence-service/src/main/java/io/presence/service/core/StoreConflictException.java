package io.presence.service.core;

/** A compare-and-set write named a revision that is no longer the current one. */
public class StoreConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String userId;
    private final long expectedRevision;

    public StoreConflictException(String userId, long expectedRevision, Throwable cause) {
        super("presence of '" + userId + "' is no longer at revision " + expectedRevision, cause);
        this.userId = userId;
        this.expectedRevision = expectedRevision;
    }

    public String userId() {
        return userId;
    }

    public long expectedRevision() {
        return expectedRevision;
    }
}
