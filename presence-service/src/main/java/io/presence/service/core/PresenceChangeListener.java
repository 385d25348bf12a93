package io.presence.service.core;

/** Receives every change of the bucket, in revision order per user, from the node's watch. */
public interface PresenceChangeListener {

    /** A user's record was written. */
    void onPut(PresenceRecord record);

    /**
     * A user's record was stored again as it was, at a later revision ({@link PresenceRecord#restates}): no news to
     * anyone who follows the user, but the revision to compare and set against from now on.
     */
    default void onMoved(PresenceRecord record) {
        onPut(record);
    }

    /** A user's record was deleted or purged at {@code revision}. */
    void onDelete(String userId, long revision);
}
