package io.presence.client;

import io.presence.api.Presence;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/** {@link PresenceWatch} over {@code GET /api/v2/presence/stream} (Server-Sent Events). */
final class SseWatch implements PresenceWatch {

    private static final System.Logger LOG = System.getLogger(SseWatch.class.getName());

    private final RequestPipeline pipeline;
    private final EventSource.Factory factory;
    private final ScheduledExecutorService scheduler;
    private final RetryPolicy retry;
    private final Duration openTimeout;
    private final String users;
    private final PresenceListener listener;
    private final Runnable onClose;

    private volatile boolean closed;
    private volatile long lastEventId = -1;
    private EventSource current; // guarded by this
    private int failures; // guarded by this
    private int urlIndex; // guarded by this

    /**
     * @param openTimeout how long a connection may take to answer with the stream's headers: the stream's read
     *                    timeout (above the heartbeat interval) would otherwise let a node that accepts connections
     *                    but never answers hold each attempt for that long
     */
    SseWatch(RequestPipeline pipeline, OkHttpClient streamHttp, ScheduledExecutorService scheduler, RetryPolicy retry,
             Duration openTimeout, List<String> users, PresenceListener listener, Runnable onClose) {
        this.pipeline = pipeline;
        this.factory = EventSources.createFactory(streamHttp);
        this.scheduler = scheduler;
        this.retry = retry;
        this.openTimeout = openTimeout;
        this.users = String.join(",", users);
        this.listener = listener;
        this.onClose = onClose;
    }

    synchronized SseWatch connect() {
        if (closed) {
            return this;
        }
        HttpUrl url = pipeline.baseUrl(urlIndex).newBuilder().addPathSegments("api/v2/presence/stream")
                .addEncodedQueryParameter("users", users).build();
        Request.Builder request;
        try {
            request = pipeline.request(url).header("Accept", "text/event-stream");
        } catch (RuntimeException e) {
            // The token supplier failed; it may recover (a refresh endpoint coming back), so keep trying.
            tell("onError", l -> l.onError(new PresenceException("cannot open presence stream: " + e.getMessage(), e)));
            reconnect(true);
            return this;
        }
        long resumeAfter = lastEventId;
        if (resumeAfter >= 0) {
            request.header("Last-Event-ID", Long.toString(resumeAfter));
        }
        Listener listener = new Listener(resumeAfter);
        EventSource source = factory.newEventSource(request.build(), listener);
        current = source;
        try {
            scheduler.schedule(() -> listener.giveUpUnlessOpen(source), openTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            source.cancel(); // the client was closed
        }
        return this;
    }

    @Override
    public OptionalLong lastEventId() {
        long id = lastEventId;
        return id < 0 ? OptionalLong.empty() : OptionalLong.of(id);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        EventSource source;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            source = current;
        }
        if (source != null) {
            source.cancel();
        }
        onClose.run();
    }

    private synchronized void reconnect(boolean failed) {
        if (closed) {
            return;
        }
        if (failed) {
            failures++;
            urlIndex++;
        }
        long delay = failed && failures < pipeline.baseUrlCount() ? 0
                : retry.backoff(Math.max(failures, 1), ThreadLocalRandom.current().nextDouble()).toMillis();
        try {
            scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            closed = true; // the client was closed
        }
    }

    private void tell(String event, Consumer<PresenceListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "presence listener failed in " + event + ": users=" + users + " " + e);
        }
    }

    /** The events of one connection: each (re)connect has its own. */
    private final class Listener extends EventSourceListener {

        /** The {@code Last-Event-ID} this connection sent, or -1 for none. */
        private final long resumeAfter;
        private volatile boolean open;
        private volatile boolean gaveUp;
        private boolean firstEvent = true;

        Listener(long resumeAfter) {
            this.resumeAfter = resumeAfter;
        }

        /** Ends an attempt that has not opened within the open timeout; its failure says so, and the watch retries. */
        void giveUpUnlessOpen(EventSource source) {
            if (!open) {
                gaveUp = true;
                source.cancel();
            }
        }

        @Override
        public void onOpen(EventSource source, Response response) {
            synchronized (SseWatch.this) {
                failures = 0;
            }
            if (closed) {
                return;
            }
            open = true;
            tell("onConnected", PresenceListener::onConnected);
        }

        @Override
        public void onEvent(EventSource source, String id, String type, String data) {
            if (!closed && "restart".equals(type) && firstEvent && resumeAfter >= 0) {
                // The node says it started over (the id sent is newer than anything it stores): said at once, even
                // when none of the users has a presence there to send.
                firstEvent = false;
                gap();
                return;
            }
            if (closed || (type != null && !"presence".equals(type))) {
                return;
            }
            Presence presence;
            try {
                presence = Json.read(data.getBytes(java.nio.charset.StandardCharsets.UTF_8), Presence.class,
                        "server sent a stream event that is not a Presence");
            } catch (PresenceException e) {
                tell("onError", l -> l.onError(e));
                return;
            }
            long eventId = parseId(id, presence.revision());
            if (firstEvent && resumeAfter >= 0 && eventId <= resumeAfter) {
                // A resumed stream sends only revisions after the id; an older one means the server started
                // over (it does when the id is newer than anything it stores; a node before the restart event).
                gap();
            }
            firstEvent = false;
            lastEventId = eventId;
            tell("onPresence", l -> l.onPresence(presence));
        }

        /** The node started over: changes after the id sent are lost. */
        private void gap() {
            LOG.log(Level.INFO, "presence stream started over: users=" + users + " lastEventId=" + resumeAfter);
            tell("onGap", l -> l.onGap(resumeAfter));
        }

        @Override
        public void onClosed(EventSource source) {
            if (!closed && open) {
                tell("onDisconnected", l -> l.onDisconnected(
                        new PresenceTransportException("the server ended the presence stream", null)));
            }
            reconnect(false);
        }

        @Override
        public void onFailure(EventSource source, Throwable t, Response response) {
            if (closed) {
                return;
            }
            if (response != null && !response.isSuccessful()) {
                int status = response.code();
                byte[] body = new byte[0];
                try {
                    byte[] bounded = RequestPipeline.boundedBody(response);
                    body = bounded == null ? body : bounded;
                } catch (java.io.IOException | IllegalStateException e) {
                    // the status alone still says what happened
                }
                PresenceApiException error = status < 400 ? ErrorMapper.redirect(status, response.header("Location"))
                        : ErrorMapper.map(status, body, response.header("Retry-After"));
                tell("onError", l -> l.onError(error));
                if (status < 500 && status != 429) {
                    close(); // retrying cannot fix a redirect, a bad token or a bad user list
                    return;
                }
            } else {
                String why = gaveUp ? "no answer in time (not opened within " + openTimeout.toMillis() + "ms)"
                        : RequestPipeline.describe(t);
                PresenceTransportException error = new PresenceTransportException("presence stream failed: " + why, t);
                if (open) {
                    tell("onDisconnected", l -> l.onDisconnected(error));
                } else {
                    tell("onError", l -> l.onError(error));
                }
            }
            reconnect(true);
        }
    }

    private static long parseId(String id, long fallback) {
        if (id != null) {
            try {
                return Long.parseLong(id.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }
}
