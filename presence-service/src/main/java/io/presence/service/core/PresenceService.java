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

    private final PresenceStore store;
    private final PresenceSettings settings;
    private final String nodeId;
    private final Clock clock;

    public PresenceService(PresenceStore store, PresenceSettings settings, String nodeId, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.nodeId = nodeId;
        this.clock = clock;
    }

    /** The user's presence as of now: a lapsed status reads as offline. */
    public Optional<PresenceRecord> find(String userId) {
        Instant now = clock.instant();
        return store.get(userId).map(record -> effective(record, now));
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
     * The record a status change or heartbeat stores, stamped now; nothing is stored yet.
     *
     * @throws InvalidInputException when the message or TTL is outside the settings
     */
    public PresenceRecord recordOf(String userId, PresenceUpdate update) {
        String message = checkMessage(update.message());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (update.status() == PresenceStatus.OFFLINE) {
            return new PresenceRecord(userId, PresenceStatus.OFFLINE, message, now, now, null, null, nodeId, 0);
        }
        Duration ttl = checkTtl(update.ttlSeconds());
        return new PresenceRecord(userId, update.status(), message, now, now, now.plus(ttl), ttl.toSeconds(),
                nodeId, 0);
    }

    /**
     * Stores a record made by {@link #recordOf}; returns once storage acknowledged it.
     *
     * @param ifMatch when present, the write succeeds only at that revision
     * @throws StoreConflictException when {@code ifMatch} is stale
     */
    public PresenceRecord store(PresenceRecord record, OptionalLong ifMatch) {
        return ifMatch.isPresent() ? store.putIfRevision(record, ifMatch.getAsLong()) : store.put(record);
    }

    /** The most ids one lookup may name. */
    public int maxBatchSize() {
        return settings.getMaxBatchSize();
    }

    /** The record as a reader sees it at {@code now}: a lapsed status reads as offline. */
    public static PresenceRecord effective(PresenceRecord record, Instant now) {
        return record.isExpiredAt(now) ? record.asOffline() : record;
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
        long min = settings.getMinTtl().toSeconds();
        long max = settings.getMaxTtl().toSeconds();
        if (ttlSeconds < min || ttlSeconds > max) {
            throw InvalidInputException.unprocessable("ttlSeconds",
                    "must be between " + min + " and " + max + " seconds (was " + ttlSeconds + ")");
        }
        return Duration.ofSeconds(ttlSeconds);
    }
}
