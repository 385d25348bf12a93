package io.presence.service.core;

import java.util.Optional;

/**
 * A checked change to one user's record, applied to whatever the record is when it is stored: a write
 * racing this one is read again and the change applied on top of it (see {@link PresenceService#commit}),
 * so concurrent writes of different sessions never lose one another.
 */
public interface PresenceChange {

    /** The user whose record changes. */
    String userId();

    /**
     * The record to store given the current one (empty when the user has none).
     *
     * @throws PresenceNotFoundException when the change needs something the record does not hold
     * @throws InvalidInputException     when the change would break a limit
     */
    PresenceRecord applyTo(Optional<PresenceRecord> current);
}
