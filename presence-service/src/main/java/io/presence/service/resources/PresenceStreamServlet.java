package io.presence.service.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PresenceService;
import io.presence.service.core.StoreUnavailableException;
import io.presence.service.errors.ErrorResponses;
import io.presence.service.errors.InvalidInputException;
import io.presence.service.errors.InvalidInputExceptionMapper;
import io.presence.service.errors.StoreUnavailableExceptionMapper;
import io.presence.service.stream.PresenceBroadcaster;
import io.presence.service.stream.StreamEvent;
import io.presence.service.stream.StreamLimitException;
import io.presence.service.stream.StreamSink;
import io.presence.service.stream.Subscriber;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.function.BooleanSupplier;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v2/presence/stream}: Server-Sent Events over servlet async I/O. Writes never block a thread:
 * a stream whose client reads too slowly fills its bounded queue and is dropped by the {@link PresenceBroadcaster}.
 * Errors before the stream starts are the usual JSON {@code ErrorResponse}, built by the same exception mappers.
 */
public final class PresenceStreamServlet extends HttpServlet {

    /** Where the servlet is mapped (an exact path, which takes precedence over Jersey's {@code /*}). */
    public static final String PATH = "/api/v2/presence/stream";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PresenceStreamServlet.class);

    private final transient PresenceService service;
    private final transient PresenceBroadcaster hub;
    private final transient ObjectMapper json;
    private final transient BooleanSupplier stale;

    /** @param stale whether this leaf is cut off from its hub; the stream then starts marked as reads are */
    public PresenceStreamServlet(PresenceService service, PresenceBroadcaster hub, ObjectMapper json,
                                 BooleanSupplier stale) {
        this.service = service;
        this.hub = hub;
        this.json = json;
        this.stale = stale;
    }

    /** One presence as JSON on one line, exactly as {@code GET /{userId}} renders it. */
    public static String toJson(ObjectMapper json, PresenceRecord record) {
        try {
            return json.writeValueAsString(PresenceMapper.toApi(record));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String accept = String.join(",", Collections.list(request.getHeaders("Accept")));
        if (MediaRanges.malformedElement(accept).isPresent()) {
            writeError(response, ErrorResponses.builder(400,
                    "malformed Accept header: not a list of media ranges; send Accept: text/event-stream", null).build());
            return;
        }
        if (!MediaRanges.admits(accept, "text", "event-stream")) {
            writeError(response, ErrorResponses.builder(406,
                    "this endpoint answers text/event-stream; send Accept: text/event-stream", null).build());
            return;
        }
        try {
            String[] values = request.getParameterValues("users");
            List<String> userIds = UserIdLists.fromQuery("users", values == null ? null : Arrays.asList(values));
            UserIdLists.check("users", userIds, service.maxBatchSize());
            long lastEventId = resumableFrom(lastEventId(request));
            Connection connection = new Connection();
            Subscriber subscriber = hub.subscribe(userIds, lastEventId, connection);
            try {
                for (String userId : subscriber.userIds()) {
                    service.find(userId).ifPresent(record -> hub.offerCurrent(subscriber, record));
                }
            } catch (RuntimeException e) {
                subscriber.close();
                throw e;
            }
            connection.start(request, response, subscriber);
        } catch (InvalidInputException e) {
            writeError(response, new InvalidInputExceptionMapper().toResponse(e));
        } catch (StoreUnavailableException e) {
            writeError(response, new StoreUnavailableExceptionMapper().toResponse(e));
        } catch (StreamLimitException e) {
            LOG.warn("stream refused: {}", e.getMessage());
            writeError(response, ErrorResponses.builder(503, e.getMessage(), null)
                    .header("Retry-After", 5).build());
        }
    }

    /**
     * GET streams and OPTIONS says so; every other method is a JSON 405 with {@code Allow} (a stream has
     * no body-less variant, so HEAD too), where {@code HttpServlet} would answer PATCH with a 501.
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (request.getMethod()) {
            case "GET" -> doGet(request, response);
            case "OPTIONS" -> response.setHeader("Allow", ApiMethods.STREAM);
            default -> writeError(response, ErrorResponses.builder(405,
                    request.getMethod() + " is not supported here; use GET", null)
                    .header("Allow", ApiMethods.STREAM).build());
        }
    }

    /**
     * The event id to resume after. One newer than anything in the bucket was not sent from it (it is from
     * before a reset, or from another deployment), and resuming after it would skip every change until the
     * bucket caught up: such a stream starts over with every user's current presence, as without an id.
     * The bucket is asked only when the id is newer than what this node has seen, since its watch may lag.
     */
    private long resumableFrom(long lastEventId) {
        if (lastEventId > hub.latestSeen()) {
            long latest = service.latestRevision();
            if (lastEventId > latest) {
                LOG.info("stream resumes from the start: Last-Event-ID {} is newer than the bucket's revision {}",
                        lastEventId, latest);
                return 0;
            }
        }
        return lastEventId;
    }

    /** {@code Last-Event-ID} header, else the {@code lastEventId} query parameter (for clients without headers). */
    static long lastEventId(HttpServletRequest request) {
        String header = request.getHeader("Last-Event-ID");
        String field = "Last-Event-ID";
        String value = header;
        if (value == null || value.isBlank()) {
            value = request.getParameter("lastEventId");
            field = "lastEventId";
        }
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long id = Long.parseLong(value.trim());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw InvalidInputException.badRequest(field, "must be a non-negative integer (an event id)");
    }

    private void writeError(HttpServletResponse response, Response error) throws IOException {
        response.setStatus(error.getStatus());
        error.getStringHeaders().forEach((name, headerValues) -> headerValues.forEach(v -> response.addHeader(name, v)));
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(json.writeValueAsBytes(error.getEntity()));
    }

    /** The HTTP side of one subscriber. */
    private final class Connection implements StreamSink, WriteListener, AsyncListener {
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final AtomicBoolean completed = new AtomicBoolean();
        private volatile boolean started;
        private volatile boolean closed;
        private AsyncContext async;
        private ServletOutputStream out;
        private Subscriber subscriber;
        private boolean needsFlush = true;

        void start(HttpServletRequest request, HttpServletResponse response, Subscriber sub) throws IOException {
            this.subscriber = sub;
            response.setStatus(200);
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Accel-Buffering", "no");
            if (stale.getAsBoolean()) {
                // Its snapshot comes from a mirror that may be behind, like a stale read's answer.
                response.setHeader(StaleReadFilter.HEADER, "true");
            }
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
}
