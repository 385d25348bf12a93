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
     * A write of this node: the change, when it was made, the revision it (or its last repair) was stored at
     * ({@link #IN_FLIGHT} until known).
     */
    private record Noted(PresenceChange change, Instant at, long revision, int repairs) {
        boolean stored() {
            return revision != IN_FLIGHT;
        }
    }

    private final PresenceStore store;
    private final Clock clock;
    private final Map<String, List<Noted>> recent = new ConcurrentHashMap<>();
    private final LongAdder repairs = new LongAdder();
    /** Runs the repairs, and drops the writes of users no record arrived for since (see {@link #forgetOld}). */
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "session-repair");
        thread.setDaemon(true);
        return thread;
    });

    public SessionRepair(PresenceStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Remembers a write before it is sent: from now on it replaces the writes it supersedes (a later write of the
     * same session, an end of all), so no repair brings one of those back.
     */
    @Override
    public void writing(PresenceChange change) {
        Noted noted = new Noted(change, change.at(), IN_FLIGHT, 0);
        recent.compute(change.userId(), (user, writes) -> {
            List<Noted> kept = new ArrayList<>();
            Instant oldest = clock.instant().minus(WINDOW);
            if (writes != null) {
                for (Noted earlier : writes) {
                    if (earlier.at().isAfter(oldest) && !change.supersedes(earlier.change())) {
                        kept.add(earlier);
                    }
                }
            }
            kept.add(noted);
            return List.copyOf(kept);
        });
    }

    /**
     * Notes the revision a write was stored at. A record that replaced it may have been delivered while it was on
     * its way (and passed over then): the record the node holds now is checked.
     */
    @Override
    public void written(PresenceChange change, PresenceRecord stored) {
        recent.computeIfPresent(change.userId(), (user, writes) -> writes.stream()
                .map(w -> w.change() == change ? new Noted(change, w.at(), stored.revision(), w.repairs()) : w)
                .toList());
        store.peek(change.userId()).ifPresent(this::onPut);
    }

    @Override
    public void failed(PresenceChange change) {
        recent.computeIfPresent(change.userId(), (user, writes) -> {
            List<Noted> kept = writes.stream().filter(w -> w.change() != change).toList();
            return kept.isEmpty() ? null : kept;
        });
    }

    @Override
    public void onPut(PresenceRecord record) {
        List<Noted> writes = recent.get(record.userId());
        if (writes == null) {
            return;
        }
        Instant now = clock.instant();
        // Writes on their way are checked once stored (written): only records newer than every stored one count.
        long ours = writes.stream().filter(Noted::stored).mapToLong(Noted::revision).max().orElse(0);
        boolean lost = record.revision() > ours && writes.stream()
                .anyMatch(w -> w.stored() && w.at().isAfter(now.minus(WINDOW)) && !w.change().heldBy(record, now));
        if (lost) {
            executor.execute(() -> repair(record.userId()));
        } else if (writes.stream().noneMatch(w -> w.at().isAfter(now.minus(WINDOW)))) {
            recent.remove(record.userId(), writes);
        }
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
        recent.values().removeIf(writes -> writes.stream().noneMatch(w -> w.at().isAfter(oldest)));
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
        try {
            Optional<PresenceRecord> current = store.latest(userId);
            Instant now = clock.instant();
            List<Noted> writes = recent.getOrDefault(userId, List.of()).stream()
                    .filter(w -> w.stored() && w.at().isAfter(now.minus(WINDOW)) && w.repairs() < MAX_REPAIRS)
                    .sorted(Comparator.comparing(Noted::at))
                    .toList();
            PresenceRecord merged = current.orElse(null);
            List<Noted> applied = new ArrayList<>();
            for (Noted write : writes) {
                if (merged == null || !write.change().heldBy(merged, now)) {
                    merged = write.change().applyTo(Optional.ofNullable(merged));
                    applied.add(write);
                }
            }
            if (applied.isEmpty()) {
                return;
            }
            PresenceRecord stored = store.put(merged);
            repairs.increment();
            recent.computeIfPresent(userId, (user, now2) -> now2.stream()
                    .map(w -> applied.contains(w) ? new Noted(w.change(), w.at(), stored.revision(), w.repairs() + 1)
                            : new Noted(w.change(), w.at(), Math.max(w.revision(), stored.revision()), w.repairs()))
                    .toList());
            LOG.info("session write restored user={} writes={} rev={}", userId, applied.size(), stored.revision());
        } catch (StoreUnavailableException | InvalidInputException | PresenceNotFoundException e) {
            LOG.warn("session write not restored user={}: {}", userId, e.getMessage());
        }
    }
}
