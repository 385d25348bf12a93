package io.presence.service.core;

/**
 * Told of each change the node stores, before it is sent and once it is stored or failed: what
 * {@link SessionRepair} needs to keep a write from being lost to a racing one.
 */
public interface WriteLog {

    /** A log that keeps nothing: for tests of the rules on one node where nothing races a write. */
    WriteLog NONE = new WriteLog() {
        @Override
        public void writing(PresenceChange change) {
            // Nothing to keep.
        }

        @Override
        public void written(PresenceChange change, PresenceRecord stored) {
            // Nothing to keep.
        }

        @Override
        public void failed(PresenceChange change) {
            // Nothing to keep.
        }
    };

    /**
     * A record of the user is about to be stored whole (a restore from a backup): no write noted before it is to be
     * put back on top of it.
     */
    default void replacing(String userId) {
        // Nothing kept, nothing to forget.
    }

    /** {@code change} is about to be stored: it replaces what it supersedes from now on. */
    void writing(PresenceChange change);

    /** {@code change} was stored as {@code stored}. */
    void written(PresenceChange change, PresenceRecord stored);

    /** Storing {@code change} failed (its outcome may be unknown): nothing to keep of it. */
    void failed(PresenceChange change);
}
