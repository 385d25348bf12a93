package io.presence.service.core;

import io.dropwizard.lifecycle.Managed;
import io.presence.api.PresenceStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the offline transition of lapsed statuses, so that watchers and streams see it (readers
 * already compute it). Runs on center nodes. Each write is a compare-and-set on the revision that
 * lapsed: a heartbeat that lands first wins, and several centers sharing a bucket never fight.
 */
public final class ExpiryReaper implements Managed, PresenceChangeListener {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiryReaper.class);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);
    /** The range of epoch milliseconds; a stored value may name an instant beyond it. */
    private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);
    private static final Instant EARLIEST = Instant.ofEpochMilli(Long.MIN_VALUE);

    /**
     * A user whose status lapses at {@code at} (epoch milliseconds: every online user has one, and a
     * long is 24 bytes lighter than an {@code Instant}). Ordered by time, then user.
     */
    private record Due(long at, String userId) implements Comparable<Due> {
        Due(Instant at, String userId) {
            this(at.isAfter(LATEST) ? Long.MAX_VALUE : at.isBefore(EARLIEST) ? Long.MIN_VALUE : at.toEpochMilli(),
                    userId);
        }

        @Override
        public int compareTo(Due other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : userId.compareTo(other.userId);
        }
    }

    private final PresenceStore store;
    private final String nodeId;
    private final Clock clock;
    private final Duration interval;
    private final ConcurrentSkipListSet<Due> queue = new ConcurrentSkipListSet<>();
    private final Map<String, Due> dueByUser = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "expiry-reaper");
        thread.setDaemon(true);
        return thread;
    });

    public ExpiryReaper(PresenceStore store, String nodeId, Clock clock, Duration interval) {
        this.store = store;
        this.nodeId = nodeId;
        this.clock = clock;
        this.interval = interval;
    }

    @Override
    public void start() {
        executor.scheduleWithFixedDelay(this::reapSafely, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        executor.shutdownNow();
    }

    @Override
    public void onPut(PresenceRecord record) {
        if (record.status() != PresenceStatus.OFFLINE && record.expiresAt() != null) {
            schedule(record.userId(), record.expiresAt());
        } else {
            unschedule(record.userId());
        }
    }

    @Override
    public void onDelete(String userId, long revision) {
        unschedule(userId);
    }

    /** How many users have a pending lapse. */
    public int pending() {
        return dueByUser.size();
    }

    void reapDue() {
        Instant now = clock.instant();
        for (Due due = queue.pollFirst(); due != null; due = queue.pollFirst()) {
            if (due.at() > now.toEpochMilli()) {
                queue.add(due);
                return;
            }
            if (dueByUser.remove(due.userId(), due)) {
                reap(due.userId(), now);
            }
        }
    }

    private void reap(String userId, Instant now) {
        try {
            store.get(userId).filter(record -> record.isExpiredAt(now)).ifPresent(record -> {
                PresenceRecord offline = new PresenceRecord(userId, PresenceStatus.OFFLINE, record.message(),
                        record.lastSeen(), now, record.expiresAt(), record.ttlSeconds(), nodeId, 0);
                PresenceRecord stored = store.putIfRevision(offline, record.revision());
                LOG.info("status lapsed user={} rev={} lastSeen={}", userId, stored.revision(), record.lastSeen());
            });
        } catch (StoreConflictException e) {
            LOG.debug("lapse superseded user={}", userId);
        } catch (StoreUnavailableException e) {
            dueByUser.computeIfAbsent(userId, id -> {
                Due retry = new Due(now.plus(RETRY_DELAY), id);
                queue.add(retry);
                return retry;
            });
        }
    }

    private void schedule(String userId, Instant at) {
        Due due = new Due(at, userId);
        Due previous = dueByUser.put(userId, due);
        if (previous != null) {
            queue.remove(previous);
        }
        queue.add(due);
    }

    private void unschedule(String userId) {
        Due previous = dueByUser.remove(userId);
        if (previous != null) {
            queue.remove(previous);
        }
    }

    private void reapSafely() {
        try {
            reapDue();
        } catch (RuntimeException e) {
            LOG.error("expiry reaper pass failed", e);
        }
    }
}
