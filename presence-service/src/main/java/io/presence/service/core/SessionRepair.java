package io.presence.service.core;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's session writes from being lost to a concurrent write of the same user through another
 * node. A write stores the user's whole record with a plain put, not a compare-and-set: a compare-and-set
 * stores its expected-revision header with the message, and nats-server 2.9 checks that header again when a
 * leaf's mirror copies the message, so a mirror that never saw the revision named (it was replaced while the
 * leaf was behind) stops for good (nats-server issue 5865, docs/sessions.md). So a write through another
 * node, applied to a record that did not yet hold this node's write, replaces it.
 *
 * <p>Each write is remembered for {@link #WINDOW}, far longer than a write takes to reach every node. When the
 * watch delivers a later record of the user that lacks it (the session missing or older, or a session it ended
 * live again), the write is applied again on top of that record and stored: the writes converge to the record
 * holding every session, as a compare-and-set would have. A write whose session has lapsed since needs nothing.
 */
public final class SessionRepair implements WriteLog, PresenceChangeListener, Managed {

    /** Counter (registered by the wiring, read from {@link #repairs()}): records written again to restore a write. */
    public static final String REPAIRS_METRIC = "sessions.repairs";
    /** How long a write is watched for: replication takes milliseconds, a leaf catching up seconds. */
    static final Duration WINDOW = Duration.ofSeconds(5);
    /** Repairs one write may cause, so two nodes can never rewrite a record back and forth for long. */
    static final int MAX_REPAIRS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(SessionRepair.class);

    /** The revision of a write still on its way to storage. */
    private static final long IN_FLIGHT = Long.MAX_VALUE;

    /**
     * A write of this node, and the user's earlier writes still watched ({@code earlier}, newest first). A node per
     * write and nothing else: every write is held for {@link #WINDOW}, long enough to outlive several young
     * collections, so whatever it holds is copied and promoted (lists and copies of them were about half of these
     * bytes, docs/performance.md). The links change only inside the map's compute for the user, one writer at a
     * time; readers walk them without a lock and see the chain before or after an unlink, both of them whole.
     */
    private static final class Noted {
        final PresenceChange change;
        volatile Noted earlier;
        /** The revision the write (or its last repair) was stored at. */
        volatile long revision = IN_FLIGHT;
        /** Changed only by the repair thread. */
        volatile int repairs;

        Noted(PresenceChange change, Noted earlier) {
            this.change = change;
            this.earlier = earlier;
        }

        boolean stored() {
            return revision != IN_FLIGHT;
        }

        boolean after(Instant oldest) {
            return change.at().isAfter(oldest);
        }
    }

    private final PresenceStore store;
    private final Clock clock;
    private final UserLocks locks;
    private final Map<String, Noted> recent = new ConcurrentHashMap<>();
    private final LongAdder repairs = new LongAdder();
    /** Runs the repairs, and drops the writes of users no record arrived for since (see {@link #forgetOld}). */
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "session-repair");
        thread.setDaemon(true);
        return thread;
    });

    /** @param locks shared with the node's other writers of a user's record (its {@link PresenceService}) */
    public SessionRepair(PresenceStore store, Clock clock, UserLocks locks) {
        this.store = store;
        this.clock = clock;
        this.locks = locks;
    }

    /**
     * Remembers a write before it is sent: from now on it replaces the writes it supersedes (a later write of the
     * same session, an end of all), so no repair brings one of those back.
     */
    @Override
    public void writing(PresenceChange change) {
        Instant oldest = clock.instant().minus(WINDOW);
        recent.compute(change.userId(), (user, writes) -> new Noted(change, kept(writes, oldest, change)));
    }

    /** {@code chain} without the writes that left the window or that {@code change} supersedes, newest first. */
    private static Noted kept(Noted chain, Instant oldest, PresenceChange change) {
        Noted head = chain;
        while (head != null && dropped(head, oldest, change)) {
            head = head.earlier;
        }
        for (Noted write = head; write != null; write = write.earlier) {
            Noted next = write.earlier;
            while (next != null && dropped(next, oldest, change)) {
                next = next.earlier;
            }
            if (next != write.earlier) {
                write.earlier = next;
            }
        }
        return head;
    }

    private static boolean dropped(Noted write, Instant oldest, PresenceChange change) {
        return !write.after(oldest) || change.supersedes(write.change);
    }

    /**
     * Notes the revision a write was stored at. A record that replaced it may have been delivered while it was on
     * its way (and passed over then): the record the node holds now is checked.
     */
    @Override
    public void written(PresenceChange change, PresenceRecord stored) {
        for (Noted write = recent.get(change.userId()); write != null; write = write.earlier) {
            if (write.change == change) {
                write.revision = stored.revision();
            }
        }
        store.peek(change.userId()).ifPresent(this::onPut);
    }

    @Override
    public void replacing(String userId) {
        recent.remove(userId);
    }

    @Override
    public void failed(PresenceChange change) {
        recent.computeIfPresent(change.userId(), (user, writes) -> without(writes, change));
    }

    /** {@code chain} without the write of {@code change}. */
    private static Noted without(Noted chain, PresenceChange change) {
        if (chain.change == change) {
            return chain.earlier;
        }
        for (Noted write = chain; write.earlier != null; write = write.earlier) {
            if (write.earlier.change == change) {
                write.earlier = write.earlier.earlier;
                break;
            }
        }
        return chain;
    }

    @Override
    public void onPut(PresenceRecord record) {
        Noted writes = recent.get(record.userId());
        if (writes == null) {
            return;
        }
        Instant now = clock.instant();
        Instant oldest = now.minus(WINDOW);
        // Writes on their way are checked once stored (written): only records newer than every stored one count.
        long ours = 0;
        for (Noted write = writes; write != null; write = write.earlier) {
            if (write.stored()) {
                ours = Math.max(ours, write.revision);
            }
        }
        boolean lost = false;
        for (Noted write = writes; write != null && record.revision() > ours && !lost; write = write.earlier) {
            lost = write.stored() && write.after(oldest) && !write.change.heldBy(record, now);
        }
        if (lost) {
            executor.execute(() -> repair(record.userId()));
        } else if (!anyAfter(writes, oldest)) {
            recent.remove(record.userId(), writes);
        }
    }

    private static boolean anyAfter(Noted chain, Instant oldest) {
        for (Noted write = chain; write != null; write = write.earlier) {
            if (write.after(oldest)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onDelete(String userId, long revision) {
        // A deleted user was deleted on purpose (an admin, a restore): nothing to put back.
        recent.remove(userId);
    }

    /** Records written again to restore one of this node's writes. */
    public long repairs() {
        return repairs.sum();
    }

    @Override
    public void start() {
        executor.scheduleWithFixedDelay(this::forgetOld, WINDOW.toMillis(), WINDOW.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Drops the writes older than the window, so the node holds only its last few seconds of writes. */
    void forgetOld() {
        Instant oldest = clock.instant().minus(WINDOW);
        recent.values().removeIf(writes -> !anyAfter(writes, oldest));
    }

    /** Users with writes still watched. */
    int watched() {
        return recent.size();
    }

    @Override
    public void stop() {
        executor.shutdownNow();
    }

    /** Applies again, on top of the stored record, each write of this node it lacks; stores the result. */
    void repair(String userId) {
        locks.inTurn(userId, () -> repairInTurn(userId));
    }

    private void repairInTurn(String userId) {
        try {
            Optional<PresenceRecord> current = store.latest(userId);
            Instant now = clock.instant();
            Instant oldest = now.minus(WINDOW);
            List<Noted> writes = new ArrayList<>();
            for (Noted write = recent.get(userId); write != null; write = write.earlier) {
                if (write.stored() && write.after(oldest) && write.repairs < MAX_REPAIRS) {
                    writes.add(write);
                }
            }
            writes.sort(Comparator.comparing(write -> write.change.at()));
            PresenceRecord merged = current.orElse(null);
            List<Noted> applied = new ArrayList<>();
            for (Noted write : writes) {
                if (merged == null || !write.change.heldBy(merged, now)) {
                    try {
                        merged = write.change.applyTo(Optional.ofNullable(merged));
                        applied.add(write);
                    } catch (InvalidInputException | PresenceNotFoundException e) {
                        // No room left for it: writes through other nodes took the user's last sessions meanwhile
                        // (the limit is checked against the record each node read). The others are still put back;
                        // this one is given up, and said so once.
                        write.repairs = MAX_REPAIRS;
                        LOG.warn("session write not restored user={}: {}", userId, e.getMessage());
                    }
                }
            }
            if (applied.isEmpty()) {
                return;
            }
            PresenceRecord stored = store.put(merged);
            repairs.increment();
            for (Noted write = recent.get(userId); write != null; write = write.earlier) {
                if (applied.contains(write)) {
                    write.repairs++;
                    write.revision = stored.revision();
                } else if (write.stored()) {
                    write.revision = Math.max(write.revision, stored.revision());
                }
            }
            LOG.info("session write restored user={} writes={} rev={}", userId, applied.size(), stored.revision());
        } catch (StoreUnavailableException e) {
            LOG.warn("session write not restored user={}: {}", userId, e.getMessage());
        }
    }
}
