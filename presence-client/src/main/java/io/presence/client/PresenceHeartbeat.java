package io.presence.client;

import io.presence.api.Presence;
import io.presence.api.PresenceUpdate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a user's status alive: PUTs it again at about half its TTL (with jitter), keeps trying
 * sooner after a failure, and sets the user offline on {@link #close()}. From
 * {@link PresenceClient#heartbeat}.
 */
public final class PresenceHeartbeat implements AutoCloseable {

    private static final long MIN_RETRY_MILLIS = 50;

    private final PresenceClient client;
    private final ScheduledExecutorService scheduler;
    private final String userId;
    private final PresenceUpdate update;
    private final long ttlMillis;
    private final Runnable onClose;

    private final Object lock = new Object();
    private boolean closed; // guarded by lock
    private ScheduledFuture<?> next; // guarded by lock
    private CompletableFuture<?> inFlight; // guarded by lock
    private volatile Presence lastPresence;
    private volatile PresenceException lastError;

    PresenceHeartbeat(PresenceClient client, ScheduledExecutorService scheduler, String userId, PresenceUpdate update,
                      Duration ttl, Runnable onClose) {
        this.client = client;
        this.scheduler = scheduler;
        this.userId = userId;
        this.update = update;
        this.ttlMillis = ttl.toMillis();
        this.onClose = onClose;
    }

    PresenceHeartbeat start() {
        beat();
        return this;
    }

    /** @return the user this heartbeat keeps alive */
    public String userId() {
        return userId;
    }

    /** @return the presence the last successful beat stored */
    public Optional<Presence> lastPresence() {
        return Optional.ofNullable(lastPresence);
    }

    /** @return the error of the last beat, empty once a beat succeeds again */
    public Optional<PresenceException> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private void beat() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            inFlight = client.setAsync(userId, update).whenComplete(this::scheduleNext);
        }
    }

    private void scheduleNext(Presence presence, Throwable error) {
        long delay;
        if (error == null) {
            lastPresence = presence;
            lastError = null;
            // Half the TTL, less up to a tenth: a lost beat still leaves time for a retry.
            delay = ttlMillis / 2 - ThreadLocalRandom.current().nextLong(ttlMillis / 10 + 1);
        } else {
            lastError = PresenceClient.unwrap(error);
            delay = Math.max(MIN_RETRY_MILLIS, ttlMillis / 8);
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                next = scheduler.schedule(this::beat, delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                closed = true; // the client was closed
            }
        }
    }

    /**
     * Stops beating and sets the user offline; idempotent.
     *
     * @throws PresenceException when the offline write fails (the status then lapses at its TTL)
     */
    @Override
    public void close() {
        CompletableFuture<?> pending;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (next != null) {
                next.cancel(false);
            }
            pending = inFlight;
        }
        onClose.run();
        if (pending != null) {
            // A beat still in flight must land before the offline write, or it would undo it.
            pending.handle((ignored, error) -> null).join();
        }
        client.clear(userId);
    }
}
