package io.presence.service.core;

import java.util.Optional;

/**
 * Every stored record, one at a time, as storage holds it (not the effective status): what an export reads.
 * Records are fetched as they are taken, never all at once. Close it when done, also when stopping early.
 */
public interface PresenceScan extends AutoCloseable {

    /**
     * The next record, waiting for storage to deliver it.
     *
     * @return the record, or empty once every record was given
     * @throws StoreUnavailableException when storage stops delivering before the end
     */
    Optional<PresenceRecord> next();

    @Override
    void close();
}
