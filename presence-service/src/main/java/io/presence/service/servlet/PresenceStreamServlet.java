package io.presence.service.servlet;

import io.presence.service.core.InvalidInputException;
import io.presence.service.core.PresenceService;
import io.presence.service.errors.Problem;
import io.presence.service.errors.ProblemWriter;
import io.presence.service.errors.Problems;
import io.presence.service.errors.RequestSummary;
import io.presence.service.http.ApiMethods;
import io.presence.service.http.UserIdLists;
import io.presence.service.stream.PresenceBroadcaster;
import io.presence.service.stream.Subscriber;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v2/presence/stream}: Server-Sent Events over servlet async I/O. Writes never block a thread:
 * a stream whose client reads too slowly fills its bounded queue and is dropped by the {@link PresenceBroadcaster}.
 * Errors before the stream starts are the usual JSON problems.
 */
public final class PresenceStreamServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PresenceStreamServlet.class);

    private final transient PresenceService service;
    private final transient PresenceBroadcaster hub;

    public PresenceStreamServlet(PresenceService service, PresenceBroadcaster hub) {
        this.service = service;
        this.hub = hub;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            List<String> userIds = checked(request);
            long asked = lastEventId(request);
            long lastEventId = resumableFrom(asked);
            StreamConnection connection = new StreamConnection(hub);
            Subscriber subscriber = hub.subscribe(userIds, lastEventId, connection);
            try {
                hub.start(subscriber, service::find, asked > lastEventId ? asked : 0);
            } catch (RuntimeException e) {
                subscriber.close();
                throw e;
            }
            connection.start(request, response, subscriber);
        } catch (RuntimeException e) {
            ProblemWriter.write(Problems.of(e, RequestSummary.of(request)), response);
        }
    }

    /**
     * The headers the stream would start with, after the same checks, and no stream: nothing is subscribed, no
     * event read. No length either (a stream has none), which Jetty would otherwise count as 0.
     */
    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            checked(request);
            lastEventId(request);
            StreamConnection.streamHeaders(response);
            response.flushBuffer();
        } catch (RuntimeException e) {
            ProblemWriter.write(Problems.of(e, RequestSummary.of(request)), response);
        }
    }

    /** The users asked for, once {@code Accept} and the list are known to be good. */
    private List<String> checked(HttpServletRequest request) {
        AcceptHeaders.require(request, "text", "event-stream",
                () -> "this endpoint answers text/event-stream; send Accept: text/event-stream");
        String[] values = request.getParameterValues("users");
        List<String> userIds = UserIdLists.fromQuery("users", values == null ? null : Arrays.asList(values));
        UserIdLists.check("users", userIds, service.maxBatchSize());
        return userIds;
    }

    /**
     * GET streams, HEAD says how it would, OPTIONS says what is allowed; every other method is a JSON 405 with
     * {@code Allow}, where {@code HttpServlet} would answer PATCH with a 501.
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (request.getMethod()) {
            case "GET" -> doGet(request, response);
            case "HEAD" -> doHead(request, response);
            case "OPTIONS" -> response.setHeader("Allow", ApiMethods.STREAM);
            default -> ProblemWriter.write(Problem.Rejected.methodNotAllowed(request.getMethod() + " "
                    + request.getRequestURI(), ApiMethods.STREAM), response);
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
                // Debug: anyone can send such an id, and each would be a line in the log.
                LOG.debug("stream resumes from the start: Last-Event-ID {} is newer than the bucket's revision {}",
                        lastEventId, latest);
                return 0;
            }
        }
        return lastEventId;
    }

    /** {@code Last-Event-ID} header, else the {@code lastEventId} query parameter (for clients without headers). */
    static long lastEventId(HttpServletRequest request) {
        List<String> headers = Collections.list(request.getHeaders("Last-Event-ID"));
        String[] parameters = request.getParameterValues("lastEventId");
        // Two ids could only be resumed from by ignoring one, and which is a guess: the client is told instead.
        if (headers.size() > 1) {
            throw InvalidInputException.badRequest("Last-Event-ID", "must be given once");
        }
        if (parameters != null && parameters.length > 1) {
            throw InvalidInputException.badRequest("lastEventId", "must be given once");
        }
        String field = "Last-Event-ID";
        String value = headers.isEmpty() ? null : headers.get(0);
        if (value == null || value.isBlank()) {
            value = parameters == null ? null : parameters[0];
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
}
