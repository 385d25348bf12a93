package io.presence.service.servlet;

import io.presence.service.stream.PresenceBroadcaster;
import io.presence.service.stream.StreamEvent;
import io.presence.service.stream.StreamSink;
import io.presence.service.stream.Subscriber;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of one stream subscriber: servlet async I/O that writes whatever the subscriber's queue holds
 * whenever the client can take it, and never blocks a thread.
 */
final class StreamConnection implements StreamSink, WriteListener, AsyncListener {
    private static final Logger LOG = LoggerFactory.getLogger(StreamConnection.class);

    private final PresenceBroadcaster hub;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean closed;
    private AsyncContext async;
    private ServletOutputStream out;
    private Subscriber subscriber;
    private boolean needsFlush = true;

    StreamConnection(PresenceBroadcaster hub) {
        this.hub = hub;
    }

    void start(HttpServletRequest request, HttpServletResponse response, Subscriber sub) throws IOException {
        this.subscriber = sub;
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        async = request.startAsync();
        async.setTimeout(0);
        async.addListener(this);
        out = response.getOutputStream();
        started = true;
        out.setWriteListener(this);
        if (closed) {
            complete();
        }
    }

    @Override
    public void wake() {
        if (started && !closed && scheduled.compareAndSet(false, true)) {
            try {
                hub.execute(() -> {
                    scheduled.set(false);
                    drain();
                });
            } catch (RuntimeException e) {
                scheduled.set(false);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (started) {
            // Off the watch thread: completing the response is the container's work, not the watch's.
            try {
                hub.execute(this::complete);
            } catch (RejectedExecutionException e) {
                complete();
            }
        }
    }

    @Override
    public void onWritePossible() {
        drain();
    }

    @Override
    public void onError(Throwable t) {
        LOG.debug("stream write failed: {}", t.toString());
        gone();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        gone();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        gone();
    }

    @Override
    public void onError(AsyncEvent event) {
        gone();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not re-dispatched
    }

    private synchronized void drain() {
        try {
            while (!closed && out.isReady()) {
                StreamEvent event = subscriber.poll();
                if (event == null) {
                    if (!needsFlush) {
                        return;
                    }
                    needsFlush = false;
                    out.flush();
                } else {
                    out.write(event.frame());
                    needsFlush = true;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("stream write failed: {}", e.toString());
            gone();
        }
    }

    /** The client went away or the write failed: unsubscribe (which closes this connection). */
    private void gone() {
        subscriber.close();
        complete();
    }

    private void complete() {
        if (completed.compareAndSet(false, true)) {
            try {
                async.complete();
            } catch (IllegalStateException e) {
                LOG.debug("stream already complete: {}", e.toString());
            }
        }
    }
}
