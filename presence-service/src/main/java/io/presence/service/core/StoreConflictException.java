package io.presence.service.core;

/** A conditional write whose condition the stored presence no longer meets (answered 412). */
public class StoreConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A compare-and-set that named a revision which is no longer the current one. */
    public StoreConflictException(String userId, long expectedRevision, Throwable cause) {
        super("presence of '" + userId + "' is no longer at revision " + expectedRevision, cause);
    }

    /** A condition on the current presence (e.g. {@code If-Match: *}) that it does not meet. */
    public StoreConflictException(String message) {
        super(message);
    }
}
