package io.presence.service.core;

import io.dropwizard.lifecycle.Managed;
import io.presence.api.PresenceStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the offline transition of lapsed statuses, so that watchers and streams see it (readers
 * already compute it). Runs on center nodes. Each write is a compare-and-set on the revision that
 * lapsed: a heartbeat that lands first wins, and several centers sharing a bucket never fight.
 *
 * <p>Every online user has a pending lapse, so the index is lean: user ids filed under the second
 * their status lapses, nothing per user besides the reference. A heartbeat files the user again
 * under its new second and leaves the old entry, which the pass that reaches it finds superseded
 * by the stored record; an explicit offline or a delete likewise leaves nothing to write. The ids
 * are the cache's own key strings where it holds them. 1M online users cost about 5 MB here rather
 * than 130 MB for an ordered set of (time, user) plus a map from user to it (docs/performance.md).
 */
public final class ExpiryReaper implements Managed, PresenceChangeListener {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiryReaper.class);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);
    private static final long SECOND_MILLIS = 1000;
    /** The range of epoch milliseconds; a stored value may name an instant beyond it. */
    private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);
    private static final Instant EARLIEST = Instant.ofEpochMilli(Long.MIN_VALUE);

    private final PresenceStore store;
    private final UnaryOperator<String> sharedIds;
    private final String nodeId;
    private final Clock clock;
    private final Duration interval;
    /** Ids by the epoch second in which their status lapses. */
    private final ConcurrentNavigableMap<Long, DueIds> bySecond = new ConcurrentSkipListMap<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "expiry-reaper");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param sharedIds gives the instance of a user id string that the node already holds (the
     *                  cache's key), so the index adds no copies of its own
     */
    public ExpiryReaper(PresenceStore store, UnaryOperator<String> sharedIds, String nodeId, Clock clock,
                        Duration interval) {
        this.store = store;
        this.sharedIds = sharedIds;
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
            file(sharedIds.apply(record.userId()), secondOf(record.expiresAt()));
        }
    }

    /** Nothing to do: the pass that reaches the user's entry finds no record to lapse. */
    @Override
    public void onDelete(String userId, long revision) {
        // The entry stays until its second comes; see the class comment.
    }

    /** Writes offline for every user whose status has lapsed by now. */
    void reapDue() {
        Instant now = clock.instant();
        long currentSecond = secondOf(now);
        List<String> notYet = new ArrayList<>();
        List<String> retry = new ArrayList<>();
        for (Map.Entry<Long, DueIds> due = bySecond.firstEntry(); due != null && due.getKey() <= currentSecond;
             due = bySecond.firstEntry()) {
            bySecond.remove(due.getKey(), due.getValue());
            for (String userId : due.getValue().drain()) {
                check(userId, due.getKey(), now, notYet, retry);
            }
        }
        notYet.forEach(userId -> file(userId, currentSecond));
        long retrySecond = secondOf(now.plus(RETRY_DELAY));
        retry.forEach(userId -> file(userId, retrySecond));
    }

    /** Reaps the user when their stored status lapsed; keeps them filed when it lapses later this second. */
    private void check(String userId, long second, Instant now, List<String> notYet, List<String> retry) {
        try {
            store.peek(userId).ifPresent(record -> {
                if (record.isExpiredAt(now)) {
                    reap(record, now);
                } else if (record.status() != PresenceStatus.OFFLINE && record.expiresAt() != null
                        && secondOf(record.expiresAt()) == second) {
                    notYet.add(userId);
                }
            });
        } catch (StoreConflictException e) {
            LOG.debug("lapse superseded user={}", userId);
        } catch (StoreUnavailableException e) {
            retry.add(userId);
        }
    }

    private void reap(PresenceRecord record, Instant now) {
        PresenceRecord offline = new PresenceRecord(record.userId(), PresenceStatus.OFFLINE, record.message(),
                record.lastSeen(), now, record.expiresAt(), record.ttlSeconds(), nodeId, 0);
        PresenceRecord stored = store.putIfRevision(offline, record.revision());
        LOG.info("status lapsed user={} rev={} lastSeen={}", record.userId(), stored.revision(), record.lastSeen());
    }

    private void file(String userId, long second) {
        // A pass that took this second's ids closes them; the next try files under a new set.
        while (!bySecond.computeIfAbsent(second, s -> new DueIds()).add(userId)) {
            Thread.onSpinWait();
        }
    }

    private static long secondOf(Instant at) {
        long millis = at.isAfter(LATEST) ? Long.MAX_VALUE : at.isBefore(EARLIEST) ? Long.MIN_VALUE : at.toEpochMilli();
        return Math.floorDiv(millis, SECOND_MILLIS);
    }

    private void reapSafely() {
        try {
            reapDue();
        } catch (RuntimeException e) {
            LOG.error("expiry reaper pass failed", e);
        }
    }

    /** The ids filed under one second: appended by the watch, taken once by a pass. */
    private static final class DueIds {
        private String[] ids = new String[4];
        private int size;
        private boolean drained;

        synchronized boolean add(String userId) {
            if (drained) {
                return false;
            }
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size + (size >> 1));
            }
            ids[size++] = userId;
            return true;
        }

        /** The ids, after which no more are taken. */
        synchronized List<String> drain() {
            drained = true;
            return Arrays.asList(ids).subList(0, size);
        }
    }
}
