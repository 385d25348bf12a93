package io.presence.service.core;

import java.util.Optional;

/**
 * Where presences live. Implementations translate storage failures into
 * {@link StoreUnavailableException} and revision mismatches into {@link StoreConflictException}.
 */
public interface PresenceStore {

    /** The stored record, or empty when the user has none. */
    Optional<PresenceRecord> get(String userId);

    /**
     * The stored record, as {@link #get} but for the node's own upkeep (the expiry reaper's checks): not
     * counted as a read, and what a cache does not hold is looked up without being cached.
     */
    default Optional<PresenceRecord> peek(String userId) {
        return get(userId);
    }

    /**
     * The stored record as storage holds it now, bypassing any cache (which the record found is offered to):
     * what a compare-and-set that lost a race reads before it tries again.
     */
    default Optional<PresenceRecord> latest(String userId) {
        return get(userId);
    }

    /** Stores unconditionally once storage acknowledged it; returns the record at its new revision. */
    PresenceRecord put(PresenceRecord record);

    /**
     * Stores only if the current revision is {@code expectedRevision}.
     *
     * @throws StoreConflictException when it is not
     */
    PresenceRecord putIfRevision(PresenceRecord record, long expectedRevision);

    /** The newest revision in storage (0 when nothing was ever stored), asked of storage now. */
    long latestRevision();

    /**
     * Every stored record, read from storage (not from a cache, which may hold only some), one at a time.
     *
     * @throws StoreUnavailableException when storage cannot be read
     */
    PresenceScan scan();
}
