package io.presence.service.core;

import io.dropwizard.lifecycle.Managed;
import io.presence.api.PresenceStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the offline transition of lapsed statuses, and the lapse of each session of a user with several,
 * so that watchers and streams see it (readers already compute it). Runs on center nodes. Each write is a
 * plain put of the record that lapsed, not a compare-and-set: nats-server 2.9 checks a compare-and-set's
 * stored header again in a leaf's mirror, and a leaf that was away for the heartbeat would stop at its lapse
 * for good (docs/sessions.md). A heartbeat that races the lapse is written again by its node's
 * {@link SessionRepair}. In a cluster of centers the one whose server leads the bucket's stream does the work; the others stand
 * in for lapses it has not written after a grace period (see the constructor).
 *
 * <p>Every online user has a pending lapse, so the index is lean: user ids filed by second, nothing
 * per user besides the reference (the cache's own key string where it holds the user). A record is
 * checked at its lapse second and, when that is further off, every {@value #CHECK_EVERY_SECONDS} s
 * before it: a heartbeat files the user at its record's next check, and each check files the next.
 * A check that no longer belongs to the stored record (a heartbeat since, an explicit offline, a
 * delete) is dropped, so superseded entries last at most {@value #CHECK_EVERY_SECONDS} s whatever the
 * TTL, and the index holds about one entry per online user plus the last minute's heartbeats. 1M
 * online users cost about 5 MB here rather than 130 MB for an ordered set of (time, user) plus a map
 * from user to it (docs/performance.md).
 */
public final class ExpiryReaper implements Managed, PresenceChangeListener {

    /** Counter (registered by the wiring, read from {@link #transitions()}): offline transitions written. */
    public static final String TRANSITIONS_METRIC = "reaper.transitions";

    private static final Logger LOG = LoggerFactory.getLogger(ExpiryReaper.class);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);
    private static final long SECOND_MILLIS = 1000;
    /** How long after a lapse a center that does not lead writes it, should the leader not have. */
    static final long FOLLOWER_GRACE_SECONDS = 5;
    /** How often a record is checked on the way to a lapse further off than this. */
    static final long CHECK_EVERY_SECONDS = 60;
    /** The range of epoch milliseconds; a stored value may name an instant beyond it. */
    private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);
    private static final Instant EARLIEST = Instant.ofEpochMilli(Long.MIN_VALUE);

    private final PresenceStore store;
    /** Shared with the node's writes: a lapse is written from the record as it is once no write of the user runs. */
    private final UserLocks locks;
    private final UnaryOperator<String> sharedIds;
    private final String nodeId;
    private final Clock clock;
    private final Duration interval;
    private final BooleanSupplier leading;
    private final LongAdder transitions = new LongAdder();
    /** Ids by the epoch second of their next check (see the class comment). */
    private final ConcurrentNavigableMap<Long, DueIds> bySecond = new ConcurrentSkipListMap<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "expiry-reaper");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param sharedIds gives the instance of a user id string that the node already holds (the
     *                  cache's key), so the index adds no copies of its own
     * @param leading   whether this center leads the reaping (its server leads the bucket's stream):
     *                  the leader writes lapses when due, the other centers of a cluster only those
     *                  still not written {@value #FOLLOWER_GRACE_SECONDS} s later, so each lapse is
     *                  normally written once and still written while leadership moves
     */
    public ExpiryReaper(PresenceStore store, UnaryOperator<String> sharedIds, String nodeId, Clock clock,
                        Duration interval, BooleanSupplier leading, UserLocks locks) {
        this.store = store;
        this.locks = locks;
        this.sharedIds = sharedIds;
        this.nodeId = nodeId;
        this.clock = clock;
        this.interval = interval;
        this.leading = leading;
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
        Instant lapse = record.nextLapse();
        if (lapse != null) {
            file(sharedIds.apply(record.userId()), nextCheck(secondOf(lapse), secondOf(clock.instant())));
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
        long horizon = leading.getAsBoolean() ? currentSecond : currentSecond - FOLLOWER_GRACE_SECONDS;
        // Filed after the pass, which would otherwise meet them again within this second.
        List<Filing> next = new ArrayList<>();
        for (Map.Entry<Long, DueIds> due = bySecond.firstEntry(); due != null && due.getKey() <= horizon;
             due = bySecond.firstEntry()) {
            bySecond.remove(due.getKey(), due.getValue());
            for (String userId : new LinkedHashSet<>(due.getValue().drain())) {
                check(userId, due.getKey(), now, currentSecond, next);
            }
        }
        next.forEach(filing -> file(filing.userId(), filing.second()));
    }

    /** Offline transitions (and session lapses) this reaper wrote. */
    public long transitions() {
        return transitions.sum();
    }

    /** How many entries the index holds, superseded ones included. */
    long filed() {
        return bySecond.values().stream().mapToLong(DueIds::size).sum();
    }

    /**
     * Reaps the user when their stored status lapsed; files their next check when this one is theirs
     * and the lapse is still ahead; drops the entry otherwise.
     */
    private void check(String userId, long second, Instant now, long currentSecond, List<Filing> next) {
        try {
            // In turn with the node's writes of the user: a lapse written from a record a write replaced meanwhile
            // would drop that write's session.
            locks.inTurn(userId, () -> store.peek(userId).ifPresent(record -> {
                Instant due = record.nextLapse();
                if (due != null && !now.isBefore(due)) {
                    reap(record, now);
                } else if (due != null) {
                    long lapse = secondOf(due);
                    if (second == nextCheck(lapse, second)) {
                        next.add(new Filing(userId, lapse <= currentSecond ? lapse : nextCheck(lapse, currentSecond + 1)));
                    }
                }
            }));
        } catch (StoreUnavailableException e) {
            next.add(new Filing(userId, secondOf(now.plus(RETRY_DELAY))));
        }
    }

    /**
     * The first check at or after second {@code from} of a record that lapses in second {@code lapse}:
     * the lapse itself, or a whole number of {@value #CHECK_EVERY_SECONDS} s before it.
     */
    static long nextCheck(long lapse, long from) {
        return lapse <= from ? lapse : lapse - (lapse - from) / CHECK_EVERY_SECONDS * CHECK_EVERY_SECONDS;
    }

    /** Writes the lapse of every session due: the user goes offline once none is left, else the rest's aggregate. */
    private void reap(PresenceRecord record, Instant now) {
        List<SessionState> live = record.liveSessions(now);
        // Stamped in milliseconds like every write (PresenceService.sessionWrite); still at or after expiresAt.
        PresenceRecord lapsed = (live.isEmpty()
                ? new PresenceRecord(record.userId(), PresenceStatus.OFFLINE, record.message(), record.lastSeen(),
                        now.truncatedTo(ChronoUnit.MILLIS), record.expiresAt(), record.ttlSeconds(), nodeId, 0,
                        List.of(), record.invisibleSince(), record.hideLastSeen())
                : PresenceRecord.aggregate(record.userId(), live, record.lastSeen(), nodeId, record.invisibleSince(),
                        record.hideLastSeen(), 0)).publishedOver(Optional.of(record));
        PresenceRecord stored = store.put(lapsed);
        transitions.increment();
        // Debug: lapses are routine (every device that stops without saying offline), thousands a minute on a
        // busy node; the stream and the watch carry them, and a failed lapse write is logged at WARN.
        LOG.debug("status lapsed user={} rev={} lastSeen={}", record.userId(), stored.revision(), record.lastSeen());
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

    /** A user to file under a second. */
    private record Filing(String userId, long second) {
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

        synchronized int size() {
            return size;
        }

        /** The ids, after which no more are taken. */
        synchronized List<String> drain() {
            drained = true;
            return Arrays.asList(ids).subList(0, size);
        }
    }
}
