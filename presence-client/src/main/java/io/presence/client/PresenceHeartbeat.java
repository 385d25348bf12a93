package io.presence.client;

import io.presence.api.Presence;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps a user's status alive, from {@link PresenceClient#heartbeat}: writes it again at about half its TTL and
 * sets the user offline on {@link #close()}.
 *
 * <p>The first beat ran before the heartbeat was returned. A later beat that fails with an error that may pass
 * (transport, 429, 5xx) is retried with jittered backoff, logged, and reported to
 * {@link HeartbeatListener#onFailure}; the next success to {@link HeartbeatListener#onRecovered}. One that
 * fails with an error repeating cannot fix (401, 403, 400, 422, other 4xx) stops the heartbeat: {@link #state()}
 * turns {@link State#STOPPED}, {@link #lastError()} says why, and it is logged and reported to
 * {@link HeartbeatListener#onStopped}. Thread-safe.
 */
public final class PresenceHeartbeat implements AutoCloseable {

    /** Where a heartbeat stands. */
    public enum State {
        /** Beating; the last beat succeeded. */
        RUNNING,
        /** The last beat failed with an error that may pass; retrying with backoff. */
        RETRYING,
        /** A beat failed with an error repeating cannot fix; no more beats. See {@link #lastError()}. */
        STOPPED,
        /** {@link #close()} was called. */
        CLOSED
    }

    private static final System.Logger LOG = System.getLogger(PresenceHeartbeat.class.getName());

    private final PresenceClient client;
    private final ScheduledExecutorService scheduler;
    private final String userId;
    private final StatusUpdate update;
    private final HeartbeatSchedule schedule;
    private final HeartbeatListener listener;
    private final Runnable onClose;

    private final Object lock = new Object();
    private State state = State.RUNNING; // guarded by lock
    private int failures; // guarded by lock
    private ScheduledFuture<?> next; // guarded by lock
    private CompletableFuture<?> inFlight; // guarded by lock
    private volatile Presence lastPresence;
    private volatile PresenceException lastError;

    PresenceHeartbeat(PresenceClient client, ScheduledExecutorService scheduler, String userId, StatusUpdate update,
                      HeartbeatListener listener, Runnable onClose, Presence first) {
        this.client = client;
        this.scheduler = scheduler;
        this.userId = userId;
        this.update = update;
        this.schedule = new HeartbeatSchedule(update.ttl());
        this.listener = listener;
        this.onClose = onClose;
        this.lastPresence = first;
    }

    /** Schedules the second beat; the first one has landed. */
    PresenceHeartbeat start() {
        synchronized (lock) {
            scheduleLocked(schedule.afterSuccess(ThreadLocalRandom.current().nextDouble()));
        }
        return this;
    }

    /** @return the user this heartbeat keeps alive */
    public String userId() {
        return userId;
    }

    /** @return where the heartbeat stands */
    public State state() {
        synchronized (lock) {
            return state;
        }
    }

    /** @return the presence the last successful beat stored */
    public Optional<Presence> lastPresence() {
        return Optional.ofNullable(lastPresence);
    }

    /** @return the error of the last beat, empty once a beat succeeds again; why it stopped when stopped */
    public Optional<PresenceException> lastError() {
        return Optional.ofNullable(lastError);
    }

    /**
     * Stops beating and sets the user offline, after a beat in flight has landed (or it would undo the offline
     * write). Idempotent, and never throws: when the offline write fails it is logged, and the status lapses at
     * its TTL.
     */
    @Override
    public void close() {
        CompletableFuture<?> pending;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            if (next != null) {
                next.cancel(false);
            }
            pending = inFlight;
        }
        onClose.run();
        if (pending != null) {
            pending.handle((ignored, error) -> null).join();
        }
        try {
            client.clear(userId);
        } catch (PresenceException e) {
            LOG.log(Level.WARNING, "presence heartbeat could not set the user offline, the status lapses at its "
                    + "ttl: user=" + userId + " error=" + e.getMessage());
        }
    }

    private void beat() {
        synchronized (lock) {
            if (state == State.RUNNING || state == State.RETRYING) {
                inFlight = client.setAsync(userId, update).whenComplete(this::landed);
            }
        }
    }

    private void landed(Presence presence, Throwable error) {
        if (error == null) {
            succeeded(presence);
        } else {
            failed(PresenceClient.unwrap(error));
        }
    }

    private void succeeded(Presence presence) {
        lastPresence = presence;
        lastError = null;
        int failed;
        synchronized (lock) {
            if (state != State.RUNNING && state != State.RETRYING) {
                return;
            }
            failed = failures;
            failures = 0;
            state = State.RUNNING;
            scheduleLocked(schedule.afterSuccess(ThreadLocalRandom.current().nextDouble()));
        }
        if (failed > 0) {
            LOG.log(Level.INFO, "presence heartbeat recovered: user=" + userId + " failures=" + failed);
            tell("onRecovered", l -> l.onRecovered(presence));
        }
    }

    private void failed(PresenceException error) {
        lastError = error;
        boolean permanent = isPermanent(error);
        Duration wait = Duration.ZERO;
        int failed;
        synchronized (lock) {
            if (state != State.RUNNING && state != State.RETRYING) {
                return;
            }
            failed = ++failures;
            if (permanent) {
                state = State.STOPPED;
            } else {
                state = State.RETRYING;
                wait = schedule.afterFailure(failed, ThreadLocalRandom.current().nextDouble());
                scheduleLocked(wait);
            }
        }
        if (permanent) {
            LOG.log(Level.WARNING, "presence heartbeat stopped, retrying cannot help: user=" + userId
                    + " error=" + error.getMessage());
            tell("onStopped", l -> l.onStopped(error));
        } else {
            Duration retryIn = wait;
            LOG.log(Level.WARNING, "presence heartbeat failed: user=" + userId + " failures=" + failed
                    + " retryInMs=" + retryIn.toMillis() + " error=" + error.getMessage());
            tell("onFailure", l -> l.onFailure(error, retryIn));
        }
    }

    /**
     * An error status other than 429 and 5xx (and a redirect, which the SDK never follows) answers the same
     * to the same request: beating on would only repeat it.
     */
    private static boolean isPermanent(PresenceException error) {
        return error instanceof PresenceApiException api && api.status() < 500 && api.status() != 429
                && api.status() != 408;
    }

    private void scheduleLocked(Duration delay) {
        try {
            next = scheduler.schedule(this::beat, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            state = State.CLOSED; // the client was closed
        }
    }

    private void tell(String event, Consumer<HeartbeatListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "presence heartbeat listener failed in " + event + ": user=" + userId + " " + e);
        }
    }
}
