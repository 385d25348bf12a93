package io.presence.client;

import io.presence.api.Presence;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
    private final String users;
    private final PresenceListener listener;
    private final Runnable onClose;

    private volatile boolean closed;
    private volatile long lastEventId = -1;
    private EventSource current; // guarded by this
    private int failures; // guarded by this
    private int urlIndex; // guarded by this

    SseWatch(RequestPipeline pipeline, OkHttpClient streamHttp, ScheduledExecutorService scheduler, RetryPolicy retry,
             List<String> users, PresenceListener listener, Runnable onClose) {
        this.pipeline = pipeline;
        this.factory = EventSources.createFactory(streamHttp);
        this.scheduler = scheduler;
        this.retry = retry;
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
            report(new PresenceException("cannot open presence stream: " + e.getMessage(), e));
            reconnect(true);
            return this;
        }
        if (lastEventId >= 0) {
            request.header("Last-Event-ID", Long.toString(lastEventId));
        }
        current = factory.newEventSource(request.build(), new Listener());
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

    private void report(PresenceException error) {
        try {
            listener.onError(error);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "presence listener failed in onError: " + e);
        }
    }

    private final class Listener extends EventSourceListener {

        @Override
        public void onOpen(EventSource source, Response response) {
            synchronized (SseWatch.this) {
                failures = 0;
            }
            if (closed) {
                return;
            }
            try {
                listener.onOpen();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "presence listener failed in onOpen: " + e);
            }
        }

        @Override
        public void onEvent(EventSource source, String id, String type, String data) {
            if (closed || (type != null && !"presence".equals(type))) {
                return;
            }
            Presence presence;
            try {
                presence = Json.read(data.getBytes(java.nio.charset.StandardCharsets.UTF_8), Presence.class,
                        "server sent a stream event that is not a Presence");
            } catch (PresenceException e) {
                report(e);
                return;
            }
            lastEventId = parseId(id, presence.revision());
            try {
                listener.onPresence(presence);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "presence listener failed: user=" + presence.userId() + " " + e);
            }
        }

        @Override
        public void onClosed(EventSource source) {
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
                report(status < 400 ? ErrorMapper.redirect(status, response.header("Location"))
                        : ErrorMapper.map(status, body, response.header("Retry-After")));
                if (status < 500 && status != 429) {
                    close(); // retrying cannot fix a redirect, a bad token or a bad user list
                    return;
                }
            } else {
                report(new PresenceTransportException("presence stream failed: " + RequestPipeline.describe(t), t));
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
