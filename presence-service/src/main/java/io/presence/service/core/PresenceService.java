package io.presence.service.core;

import io.presence.api.PresenceStatus;
import io.presence.api.PresenceUpdate;
import io.presence.service.core.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The presence rules: effective status on read, TTL and lastSeen on write. */
public final class PresenceService {

    /** How often a restore reads and compares again when the user's record changed in between. */
    static final int RESTORE_ATTEMPTS = 3;
    private static final Duration RESTORE_RETRY = Duration.ofSeconds(1);

    private final PresenceStore store;
    private final PresenceSettings settings;
    private final String nodeId;
    private final Clock clock;
    private final WriteLog writes;
    private final UserLocks locks;

    /**
     * @param writes told of every change stored ({@link SessionRepair}, which keeps it from being lost to a race)
     * @param locks  shared with everything else on the node that writes a user's record from what it read of it
     */
    public PresenceService(PresenceStore store, PresenceSettings settings, String nodeId, Clock clock,
                           WriteLog writes, UserLocks locks) {
        this.store = store;
        this.settings = settings;
        this.nodeId = nodeId;
        this.clock = clock;
        this.writes = writes;
        this.locks = locks;
    }

    /** A service whose writes nothing watches, for tests of the rules on one node where nothing races a write. */
    public PresenceService(PresenceStore store, PresenceSettings settings, String nodeId, Clock clock) {
        this(store, settings, nodeId, clock, WriteLog.NONE, new UserLocks());
    }

    /** The user's presence as of now: a lapsed status reads as offline. */
    public Optional<PresenceRecord> find(String userId) {
        Instant now = clock.instant();
        return store.get(userId).map(record -> effective(record, now));
    }

    /** The sessions live now of a record {@link #find} returned. */
    public List<SessionState> liveSessions(PresenceRecord found) {
        return found.liveSessions(clock.instant());
    }

    /** The newest revision in storage: what no event id can be newer than. */
    public long latestRevision() {
        return store.latestRevision();
    }

    /** Several users at once, in request order, duplicates once. */
    public PresenceLookup findAll(List<String> userIds) {
        Instant now = clock.instant();
        List<PresenceRecord> found = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        for (String userId : new LinkedHashSet<>(userIds)) {
            store.get(userId).ifPresentOrElse(record -> found.add(effective(record, now)),
                    () -> notFound.add(userId));
        }
        return new PresenceLookup(found, notFound);
    }

    /**
     * A status change or heartbeat of one session, stamped now; nothing is stored yet.
     *
     * @throws InvalidInputException when the message or TTL is outside the settings
     */
    public SessionWrite sessionWrite(String userId, String sessionId, PresenceUpdate update) {
        String message = checkMessage(update.message());
        long ttl = update.status() == PresenceStatus.OFFLINE ? 0 : checkTtl(update.ttlSeconds()).toSeconds();
        return new SessionWrite(userId, sessionId, update.status(), message, ttl, update.visibility(),
                update.shareLastSeen(), stamp(), nodeId, settings.getMaxSessionsPerUser());
    }

    /** The end of one session, or with {@code sessionId} null of all the user's sessions; nothing is stored yet. */
    public SessionEnd sessionEnd(String userId, String sessionId) {
        return new SessionEnd(userId, sessionId, stamp(), nodeId);
    }

    /**
     * Applies a change to the user's record and stores the result; returns once storage acknowledged it. The
     * record is stored with a plain put (see {@link SessionRepair} for why not a compare-and-set): a write through
     * another node racing this one may replace it, and the repair then applies this change again on top.
     *
     * @param ifMatch when present, the change applies only to the record at that revision (0: no record yet),
     *                checked by storage with a compare-and-set
     * @throws StoreConflictException    when {@code ifMatch} is stale
     * @throws StoreUnavailableException when storage does not answer
     */
    public PresenceRecord commit(PresenceChange change, OptionalLong ifMatch) {
        return locks.inTurn(change.userId(), () -> commitInTurn(change, ifMatch));
    }

    private PresenceRecord commitInTurn(PresenceChange change, OptionalLong ifMatch) {
        String userId = change.userId();
        Optional<PresenceRecord> current = store.get(userId);
        if (ifMatch.isPresent() && revisionOf(current) != ifMatch.getAsLong()) {
            // The cache may not have seen the revision the client names yet.
            current = store.latest(userId);
        }
        if (ifMatch.isPresent() && revisionOf(current) != ifMatch.getAsLong()) {
            throw new StoreConflictException(userId, ifMatch.getAsLong(), null);
        }
        PresenceRecord next;
        try {
            next = change.applyTo(current);
        } catch (PresenceNotFoundException e) {
            // A sign-out of a user or session the cache has not seen yet: one written through another node a
            // moment ago is in storage, and ends there.
            current = store.latest(userId);
            if (ifMatch.isPresent() && revisionOf(current) != ifMatch.getAsLong()) {
                throw new StoreConflictException(userId, ifMatch.getAsLong(), null);
            }
            next = change.applyTo(current);
        }
        if (ifMatch.isEmpty() && unchanged(current, next)) {
            // By the cache nothing changes; storage may hold a write through another node that this change alters.
            current = store.latest(userId);
            next = change.applyTo(current);
        }
        if (unchanged(current, next)) {
            // Nothing to store: no new revision, no event, and when the user was last seen stays as it was.
            return next;
        }
        writes.writing(change);
        try {
            PresenceRecord stored = ifMatch.isPresent() ? store.putIfRevision(next, ifMatch.getAsLong())
                    : store.put(next);
            writes.written(change, stored);
            return stored;
        } catch (RuntimeException e) {
            writes.failed(change);
            throw e;
        }
    }

    /** Whether a change left the record as it was: {@link PresenceChange#applyTo} then returns it itself. */
    private static boolean unchanged(Optional<PresenceRecord> current, PresenceRecord next) {
        return current.isPresent() && current.get() == next;
    }

    /**
     * Every stored record as stored (a lapsed status is not turned offline here: a backup keeps what was
     * written, and a restore gives the reaper the same lapse to write). Close the scan when done.
     */
    public PresenceScan scan() {
        return store.scan();
    }

    /**
     * Restores a record from a backup as it was (status, message, lastSeen, updatedAt, expiresAt, ttlSeconds,
     * nodeId; storage assigns the revision), unless storage holds a record of that user written at the same
     * moment or later (by {@link PresenceRecord#lastWritten}, any session's latest write): importing a backup
     * twice changes nothing, and a presence written since the backup is kept. A write racing this one is compared again, so the newer of the two stays.
     *
     * @return true when stored, false when skipped
     * @throws StoreUnavailableException when storage does not answer, or the user's record kept changing
     */
    public boolean restore(PresenceRecord record) {
        // In turn with the user's writes through this node, and ending the repair of those before it: the record
        // is restored as the backup has it, not with a device's write of the last seconds put back on top.
        return locks.inTurn(record.userId(), () -> restoreInTurn(record));
    }

    private boolean restoreInTurn(PresenceRecord record) {
        PresenceRecord restored = record.withRevision(0);
        for (int attempt = 1; ; attempt++) {
            Optional<PresenceRecord> current = store.get(record.userId());
            if (current.isPresent() && !current.get().lastWritten().isBefore(record.lastWritten())) {
                return false;
            }
            try {
                writes.replacing(record.userId());
                // Revision 0: only while the user has no record, so a first write racing this one is not lost.
                store.putIfRevision(restored, current.map(PresenceRecord::revision).orElse(0L));
                return true;
            } catch (StoreConflictException changed) {
                if (attempt >= RESTORE_ATTEMPTS) {
                    throw new StoreUnavailableException("the presence of '" + record.userId() + "' kept changing"
                            + " while it was restored; import again (what is stored is skipped)", RESTORE_RETRY, changed);
                }
            }
        }
    }

    /** This node's clock now: what the times of a record to restore are checked against. */
    public Instant now() {
        return clock.instant();
    }

    /** The most sessions a user may have live at once. */
    public int maxSessionsPerUser() {
        return settings.getMaxSessionsPerUser();
    }

    /** The longest status message a write may set, in characters (code points). */
    public int maxMessageLength() {
        return settings.getMaxMessageLength();
    }

    /** The most ids one lookup may name. */
    public int maxBatchSize() {
        return settings.getMaxBatchSize();
    }

    /** The record as a reader sees it at {@code now}: lapsed sessions gone, offline once none is left. */
    public static PresenceRecord effective(PresenceRecord record, Instant now) {
        return record.effectiveAt(now);
    }

    private Instant stamp() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static long revisionOf(Optional<PresenceRecord> record) {
        return record.map(PresenceRecord::revision).orElse(0L);
    }

    private String checkMessage(String message) {
        if (message == null || message.isEmpty()) {
            return null;
        }
        int characters = message.codePointCount(0, message.length());
        if (characters > settings.getMaxMessageLength()) {
            throw InvalidInputException.unprocessable("message",
                    "must be at most " + settings.getMaxMessageLength() + " characters (was " + characters + ")");
        }
        return message;
    }

    private Duration checkTtl(Long ttlSeconds) {
        if (ttlSeconds == null) {
            return settings.getDefaultTtl().toJavaDuration();
        }
        if (ttlSeconds < minTtlSeconds() || ttlSeconds > maxTtlSeconds()) {
            throw InvalidInputException.unprocessable("ttlSeconds", ttlRule(ttlSeconds));
        }
        return Duration.ofSeconds(ttlSeconds);
    }

    public long minTtlSeconds() {
        return settings.getMinTtl().toSeconds();
    }

    public long maxTtlSeconds() {
        return settings.getMaxTtl().toSeconds();
    }

    /** What this service allows of {@code ttlSeconds}, as its refusal of {@code was} words it. */
    public String ttlRule(Object was) {
        return "must be between " + minTtlSeconds() + " and " + maxTtlSeconds() + " seconds (was " + was + ")";
    }
}
