package io.presence.service.core;

/** Receives every change of the bucket, in revision order per user, from the node's watch. */
public interface PresenceChangeListener {

    /** A user's record was written. */
    void onPut(PresenceRecord record);

    /** A user's record was deleted or purged at {@code revision}. */
    void onDelete(String userId, long revision);
}
