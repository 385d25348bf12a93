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
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of one stream subscriber: servlet async I/O that writes whatever the subscriber's queue holds
 * whenever the client can take it, and never blocks a thread; and {@link #checkClient}, which finds a client that
 * has gone without waiting for a write to fail.
 */
final class StreamConnection implements StreamSink, WriteListener, AsyncListener {
    private static final Logger LOG = LoggerFactory.getLogger(StreamConnection.class);
    /** The response's write buffer: one event fits, the initial snapshot of many users goes out in pieces. */
    static final int STREAM_BUFFER_BYTES = 1024;

    private final PresenceBroadcaster hub;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean completed = new AtomicBoolean();
    /** Held by a check's read and by completing, so that no read takes bytes of the connection's next request. */
    private final Object reading = new Object();
    /** Room for a check's read: a byte tells as much as more would. */
    private final ByteBuffer peek = BufferUtil.allocate(1);
    private volatile boolean started;
    private volatile boolean closed;
    private AsyncContext async;
    private ServletOutputStream out;
    private Subscriber subscriber;
    private boolean needsFlush = true;
    /** The HTTP/1 connection's end point, which {@link #checkClient} reads; null over HTTP/2 (see there). */
    private EndPoint connection;

    StreamConnection(PresenceBroadcaster hub) {
        this.hub = hub;
    }

    /** What a stream's response starts with (a {@code HEAD} of the stream gets the same). */
    static void streamHeaders(HttpServletResponse response) {
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
    }

    void start(HttpServletRequest request, HttpServletResponse response, Subscriber sub) throws IOException {
        this.subscriber = sub;
        streamHeaders(response);
        // Jetty keeps a response's write buffer (server.outputBufferSize, 32 KiB of direct memory) until the
        // response ends, which for a stream is when its client leaves: 42 KB of RSS per idle stream, 4 GB for
        // 100k. An event is a few hundred bytes, written and flushed on its own, so a small buffer serves.
        response.setBufferSize(STREAM_BUFFER_BYTES);
        async = request.startAsync();
        async.setTimeout(0);
        async.addListener(this);
        out = response.getOutputStream();
        connection = http1EndPoint(request);
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

    /**
     * A GET stream's client sends nothing more on an HTTP/1 connection, and Jetty does not read the connection
     * while the response is open, so a client that closed it would be found only by the next write: a
     * non-blocking read tells at once. End of input means the client closed (or half-closed) it, which is how
     * proxies such as nginx take it too. Bytes are a request pipelined behind a response that never ends, which
     * can never be answered; having read them, the connection cannot serve it either, so it is closed and the
     * client retries on another. Over HTTP/2 Jetty reads the connection all along and fails the stream itself on
     * a reset or a closed connection ({@link #onError(AsyncEvent)}).
     */
    @Override
    public void checkClient() {
        if (!started || closed || connection == null) {
            return;
        }
        int read;
        synchronized (reading) {
            if (completed.get()) {
                return;
            }
            try {
                BufferUtil.clear(peek);
                read = connection.fill(peek);
            } catch (IOException e) {
                read = -1;
            }
        }
        if (read > 0) {
            connection.close();
        }
        if (read != 0) {
            LOG.debug("stream client gone: {}", read < 0 ? "connection closed" : "it sent more");
            gone();
        }
    }

    /** The end point of an HTTP/1 request's connection, which this stream has to itself; null for HTTP/2. */
    private static EndPoint http1EndPoint(HttpServletRequest request) {
        ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(request);
        if (jetty == null || !request.getProtocol().startsWith("HTTP/1.")) {
            return null;
        }
        return jetty.getConnectionMetaData().getConnection().getEndPoint();
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
        boolean first;
        synchronized (reading) {
            first = completed.compareAndSet(false, true);
        }
        if (first) {
            try {
                async.complete();
            } catch (IllegalStateException e) {
                LOG.debug("stream already complete: {}", e.toString());
            }
        }
    }
}
