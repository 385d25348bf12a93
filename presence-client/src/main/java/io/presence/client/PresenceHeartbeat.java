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
 * Keeps a user's status alive in one session of theirs, from {@link PresenceClient#heartbeat}: writes the session
 * again at about half its TTL and ends it on {@link #close()}. The user stays present while any of their sessions
 * is live: another device's, another heartbeat's.
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
        /**
         * {@link #close()} was called, or the client ended the session ({@link PresenceClient#endSession},
         * {@link PresenceClient#endAllSessions}).
         */
        CLOSED
    }

    private static final System.Logger LOG = System.getLogger(PresenceHeartbeat.class.getName());
    private static final String SESSION_ID_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int SESSION_ID_RANDOM_LENGTH = 12;

    private final PresenceClient client;
    private final ScheduledExecutorService scheduler;
    private final String userId;
    private final String sessionId;
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

    PresenceHeartbeat(PresenceClient client, ScheduledExecutorService scheduler, String userId, String sessionId,
                      StatusUpdate update, HeartbeatListener listener, Runnable onClose, Presence first) {
        this.client = client;
        this.scheduler = scheduler;
        this.userId = userId;
        this.sessionId = sessionId;
        // The first beat set the update's privacy settings; the later ones leave them to whoever changes them next.
        this.update = update.keepingSettings();
        this.schedule = new HeartbeatSchedule(update.ttl());
        this.listener = listener;
        this.onClose = onClose;
        this.lastPresence = first;
    }

    /**
     * A session id of its own for a heartbeat not given one: {@code hb-} and 12 random lowercase letters and digits
     * (62 bits), a valid id that no other heartbeat of the user will draw.
     */
    static String newSessionId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder("hb-");
        for (int i = 0; i < SESSION_ID_RANDOM_LENGTH; i++) {
            id.append(SESSION_ID_CHARACTERS.charAt(random.nextInt(SESSION_ID_CHARACTERS.length())));
        }
        return id.toString();
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

    /** @return the session this heartbeat writes: the one it was given, or the one made up for it */
    public String sessionId() {
        return sessionId;
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
     * Stops beating and ends the session, after a beat in flight has landed (or it would start the session again).
     * The user goes offline unless another of their sessions is live. Ending the session is tried once, not retried,
     * so a close waits at most about one call's timeout. Idempotent, and never throws: a session found ended already
     * (it lapsed, or was ended elsewhere) is fine; when ending it fails otherwise that is logged, and the session
     * lapses at its TTL.
     */
    @Override
    public void close() {
        Optional<CompletableFuture<?>> landed = stop();
        if (landed.isEmpty()) {
            return;
        }
        landed.get().join();
        try {
            client.endSessionOnce(userId, sessionId);
        } catch (PresenceNotFoundException e) {
            LOG.log(Level.DEBUG, "presence heartbeat session ended already: user=" + userId + " session="
                    + sessionId);
        } catch (PresenceException e) {
            LOG.log(Level.WARNING, "presence heartbeat could not end its session, the session lapses at its ttl: user="
                    + userId + " session=" + sessionId + " error=" + e.getMessage());
        }
    }

    /**
     * Stops beating for {@link PresenceClient#endSession} or {@link PresenceClient#endAllSessions}, which then end
     * the session themselves: otherwise the next beat would start it again within half a TTL. The state turns
     * {@link State#CLOSED}.
     *
     * @return when the beat in flight, if any, has landed: the sign-out goes after it
     */
    CompletableFuture<?> stopForSignOut() {
        return stop().orElseGet(() -> CompletableFuture.completedFuture(null));
    }

    /** Stops beating; empty when closed already, else when the beat in flight (if any) has landed, failed or not. */
    private Optional<CompletableFuture<?>> stop() {
        CompletableFuture<?> pending;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return Optional.empty();
            }
            state = State.CLOSED;
            if (next != null) {
                next.cancel(false);
            }
            pending = inFlight;
        }
        onClose.run();
        return Optional.of(pending == null ? CompletableFuture.completedFuture(null)
                : pending.handle((ignored, error) -> null));
    }

    /** Whether this heartbeat beats {@code user}'s session {@code session}, or any of theirs when it is null. */
    boolean beats(String user, String session) {
        return userId.equals(user) && (session == null || sessionId.equals(session));
    }

    private void beat() {
        synchronized (lock) {
            if (state == State.RUNNING || state == State.RETRYING) {
                inFlight = client.setSessionAsync(userId, sessionId, update).whenComplete(this::landed);
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
