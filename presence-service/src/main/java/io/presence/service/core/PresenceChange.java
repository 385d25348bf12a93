package io.presence.service.core;

import java.time.Instant;
import java.util.Optional;

/**
 * A checked change to one user's record, applied to whatever the record is when it is stored, and again on
 * top of a later record that lacks it ({@link SessionRepair}), so concurrent writes of different sessions
 * never lose one another. Applying it is last-writer-wins per session: a session written after {@link #at}
 * is kept as it is.
 */
public interface PresenceChange {

    /** The user whose record changes. */
    String userId();

    /**
     * The record to store given the current one (empty when the user has none), or the current record itself
     * when the change alters nothing in it (nothing is stored then).
     *
     * @throws PresenceNotFoundException when the change needs something the record does not hold
     * @throws InvalidInputException     when the change would break a limit
     */
    PresenceRecord applyTo(Optional<PresenceRecord> current);

    /** When the change was made. */
    Instant at();

    /** Whether {@code record} holds what this change did, as read at {@code now} (a lapsed session needs nothing). */
    boolean heldBy(PresenceRecord record, Instant now);

    /** Whether this change, made later, replaces {@code earlier} (the same session, or every session). */
    boolean supersedes(PresenceChange earlier);
}
