package io.presence.service.servlet;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.presence.api.PresenceLimits;
import io.presence.api.PresenceUpdate;
import io.presence.service.auth.BearerTokens;
import io.presence.service.auth.PresencePrincipal;
import io.presence.service.core.PresenceNotFoundException;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PresenceService;
import io.presence.service.core.WriteForbiddenException;
import io.presence.service.errors.Problem;
import io.presence.service.errors.ProblemException;
import io.presence.service.errors.ProblemWriter;
import io.presence.service.errors.Problems;
import io.presence.service.errors.RequestSummary;
import io.presence.service.errors.SafeText;
import io.presence.service.http.ApiPaths;
import io.presence.service.http.UserIdLists;
import io.presence.service.http.EntityTags;
import io.presence.service.http.PresenceReads;
import io.presence.service.http.PresenceWrites;
import io.presence.service.http.UserPath;
import io.presence.service.ratelimit.RateLimit;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpException;

/**
 * {@code /api/v2/presence/{userId}} ({@code GET}, {@code HEAD}, {@code PUT}, {@code DELETE}, {@code OPTIONS}) and
 * the user's sessions, {@code .../{userId}/sessions} ({@code GET}, {@code HEAD}) and
 * {@code .../sessions/{sessionId}} ({@code PUT}, {@code DELETE}): the hot routes and their neighbours ({@link
 * UserPath}), served here, whole, on top of the core's read and write services. Jersey's routing and entity layers cost
 * as much as the rest of such a request (docs/performance.md), so Jersey keeps the list and batch routes.
 *
 * <p>The last servlet filter on {@code /api/v2/presence/*}: it serves every request whose path is under one user
 * and hands every other on untouched (the list, {@code batch}, {@code export} and {@code import} to Jersey,
 * {@code stream} to its servlet), deciding by the path alone. A filter rather than a servlet because the servlet
 * API cannot map "one path segment except batch"; no request is served by both sides.
 *
 * <p>A write is checked in this order, which is the order its errors are reported: method, token (401),
 * {@code Accept} (406), {@code Content-Type} (415), write limit (429), body (400, 413, 408), then the
 * write's own rules ({@link PresenceWrites}); a {@code DELETE} has no body to check. Listing sessions needs
 * the user's or an admin's token (401, 403). Every failure is answered through {@link Problems}.
 */
public final class UserPresenceEndpoint extends HttpFilter {

    private static final long serialVersionUID = 1L;
    /** Requests this endpoint answered, whatever the outcome: how an operator (and a test) sees the hot path work. */
    public static final String REQUESTS_METRIC = MetricRegistry.name(UserPresenceEndpoint.class, "requests");

    /** What nearly every client sends, admitted without parsing the header. */
    private static final Set<String> ANY_OR_JSON = Set.of("*/*", "application/json");

    private final transient PresenceService service;
    private final transient PresenceReads reads;
    private final transient PresenceWrites writes;
    private final transient BearerTokens tokens;
    private final transient Optional<RateLimit> writeLimit;
    private final transient ObjectReader updates;
    private final transient Counter requests;

    /** @param json the application's (strict) mapper, which reads the body as every other body is read */
    public UserPresenceEndpoint(PresenceService service, PresenceReads reads, PresenceWrites writes,
                               BearerTokens tokens, Optional<RateLimit> writeLimit, ObjectMapper json,
                               MetricRegistry metrics) {
        this.service = service;
        this.reads = reads;
        this.writes = writes;
        this.tokens = tokens;
        this.writeLimit = writeLimit;
        this.updates = json.readerFor(PresenceUpdate.class);
        this.requests = metrics.counter(REQUESTS_METRIC);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<UserPath> target = userPath(request);
        if (target.isEmpty()) {
            Optional<String> encoded = encodedEndpoint(request);
            if (encoded.isPresent()) {
                ProblemWriter.write(Problem.Rejected.of(400, "the path segment '" + SafeText.echo(encoded.get())
                        + "' is an endpoint's name percent-encoded; send the name as it is"), response);
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        serve(target.get(), request, response);
    }

    /**
     * The segment as sent, when the request names an endpoint ({@code batch}, {@code stream}, ...) percent-encoded:
     * the servlet routes (the stream) see the decoded name and Jersey's the encoded one, so {@code /st%72eam} would
     * stream while {@code /%62atch} was "no resource". One answer for all: a 400 that says how to send it.
     */
    private static Optional<String> encodedEndpoint(HttpServletRequest request) {
        String[] decoded = decodedPath(request).split("/", -1);
        String[] sent = String.valueOf(request.getRequestURI()).split("/", -1);
        // "", api, v2, presence, <endpoint>
        return decoded.length > 4 && sent.length > 4 && ApiPaths.isEndpointSegment(decoded[4])
                && !decoded[4].equals(sent[4]) ? Optional.of(sent[4]) : Optional.empty();
    }

    private void serve(UserPath target, HttpServletRequest request, HttpServletResponse response) throws IOException {
        requests.inc();
        try {
            String method = request.getMethod();
            String userId = target.userId();
            switch (target.kind()) {
                case USER -> {
                    switch (method) {
                        case "GET", "HEAD" -> read(userId, request, response);
                        case "PUT" -> write(userId, PresenceLimits.DEFAULT_SESSION_ID, request, response);
                        case "DELETE" -> end(userId, null, request, response);
                        default -> other(target, request, response);
                    }
                }
                case SESSIONS -> {
                    switch (method) {
                        case "GET", "HEAD" -> sessions(userId, request, response);
                        default -> other(target, request, response);
                    }
                }
                case SESSION -> {
                    switch (method) {
                        case "PUT" -> write(userId, target.sessionId(), request, response);
                        case "DELETE" -> end(userId, target.sessionId(), request, response);
                        default -> other(target, request, response);
                    }
                }
            }
        } catch (RuntimeException | IOException failure) {
            Problem problem = Problems.of(failure, RequestSummary.of(request));
            // A body that stalled or broke is not read again: a chunked one would wait out a second idle timeout.
            if (!"close".equals(ProblemWriter.headers(problem).get("Connection"))) {
                Optional<HttpException> refused = ServletBodies.drain(request);
                if (refused.isPresent()) {
                    problem = Problems.of((Throwable) refused.get(), RequestSummary.of(request));
                }
            }
            ProblemWriter.write(problem, response);
        }
    }

    /**
     * {@code OPTIONS} (of ids a user and a session can have; any other gets the 400 a read or write of it gets),
     * or a 405 naming what the path allows.
     */
    private static void other(UserPath target, HttpServletRequest request, HttpServletResponse response) {
        String allow = target.kind().allow();
        if (request.getMethod().equals("OPTIONS")) {
            UserIdLists.checkOne("userId", target.userId());
            if (target.sessionId() != null) {
                UserIdLists.checkOne("sessionId", target.sessionId());
            }
            response.setHeader("Allow", allow);
            return;
        }
        throw new ProblemException(Problem.Rejected.methodNotAllowed(request.getMethod() + " "
                + request.getRequestURI(), allow));
    }

    private void read(String userId, HttpServletRequest request, HttpServletResponse response) throws IOException {
        acceptsJson(request);
        UserIdLists.checkOne("userId", userId);
        PresenceRecord record = service.find(userId).orElseThrow(() -> new PresenceNotFoundException(userId));
        send(reads.answer(record, conditions(request), readsOwnView(request, userId)), request, response);
    }

    /** The user's live sessions: only the user and an admin may list them. */
    private void sessions(String userId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        PresencePrincipal caller = tokens.required(request.getHeader("Authorization"));
        acceptsJson(request);
        UserIdLists.checkOne("userId", userId);
        if (!caller.mayWrite(userId)) {
            throw WriteForbiddenException.sessionsOf(caller.subject(), userId);
        }
        PresenceRecord record = service.find(userId).orElseThrow(() -> new PresenceNotFoundException(userId));
        send(reads.sessions(record, service.liveSessions(record), conditions(request)), request, response);
    }

    private static PresenceReads.Conditions conditions(HttpServletRequest request) {
        return new PresenceReads.Conditions(EntityTags.combined(request.getHeaders("If-Match").asIterator()),
                EntityTags.combined(request.getHeaders("If-None-Match").asIterator()));
    }

    private static void send(PresenceReads.Answer answer, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        response.setStatus(answer.status());
        response.setHeader("ETag", answer.etag());
        response.setHeader("Cache-Control", PresenceReads.CACHE_CONTROL);
        // The user (or an admin) reads more than everyone else: a cache must not answer one with the other's copy.
        response.setHeader("Vary", "Authorization");
        if (answer.body() != null) {
            response.setContentType("application/json");
            response.setContentLength(answer.body().length);
            if (!request.getMethod().equals("HEAD")) {
                response.getOutputStream().write(answer.body());
            }
        } else {
            // A 304: sent now, before Jetty would add "Content-Length: 0" for the empty body. RFC 9110 allows a 304
            // only the 200's length, and a cache that copies the 0 would serve an empty copy.
            response.flushBuffer();
        }
    }

    /**
     * Whether the reader is the user or an admin, who read the true state of an invisible user. Reads are
     * public: a missing or invalid token is a reader like any other.
     */
    private boolean readsOwnView(HttpServletRequest request, String userId) {
        String authorization = request.getHeader("Authorization");
        return authorization != null
                && tokens.optional(authorization).map(caller -> caller.mayWrite(userId)).orElse(false);
    }

    private void write(String userId, String sessionId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        PresencePrincipal caller = writer(request);
        isJson(request);
        PresenceUpdate update = updates.readValue(request.getInputStream());
        answer(writes.write(caller, userId, sessionId,
                EntityTags.combined(request.getHeaders("If-Match").asIterator()),
                EntityTags.combined(request.getHeaders("If-None-Match").asIterator()), update), response);
    }

    /** Ends one session, or all of them when {@code sessionId} is null. */
    private void end(String userId, String sessionId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        PresencePrincipal caller = writer(request);
        answer(writes.end(caller, userId, sessionId,
                EntityTags.combined(request.getHeaders("If-Match").asIterator()),
                EntityTags.combined(request.getHeaders("If-None-Match").asIterator())), response);
    }

    /** The checks every write starts with, in the order their errors are reported: token, {@code Accept}, limit. */
    private PresencePrincipal writer(HttpServletRequest request) {
        PresencePrincipal caller = tokens.required(request.getHeader("Authorization"));
        acceptsJson(request);
        if (!caller.writesUnlimited()) {
            writeLimit.ifPresent(limit -> limit.acquire(caller.subject()));
        }
        return caller;
    }

    private static void answer(PresenceWrites.Answer answer, HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setHeader("ETag", answer.etag());
        response.setContentType("application/json");
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }

    /** The user path of the request, percent-decoded; see {@link UserPath#parse}. */
    private static Optional<UserPath> userPath(HttpServletRequest request) {
        return UserPath.parse(decodedPath(request));
    }

    private static String decodedPath(HttpServletRequest request) {
        // Jersey, mapped to /*, is the servlet behind every user path: its path info is the whole decoded path.
        String servletPath = request.getServletPath();
        return servletPath.isEmpty() ? String.valueOf(request.getPathInfo())
                : servletPath + (request.getPathInfo() == null ? "" : request.getPathInfo());
    }

    /** Every answer here is JSON: a 400 for an {@code Accept} that does not parse, a 406 for one that rules JSON out. */
    private static void acceptsJson(HttpServletRequest request) {
        if (request.getHeader("Accept") == null) {
            return;
        }
        Enumeration<String> lines = request.getHeaders("Accept");
        String first = lines.nextElement();
        if (!lines.hasMoreElements() && ANY_OR_JSON.contains(first)) {
            return;
        }
        AcceptHeaders.require(request, "application", "json",
                () -> SafeText.message(null, 406, RequestSummary.of(request), Set.of()));
    }

    /**
     * A body of type {@code application/json}, whatever its parameters: JSON has no charset parameter
     * (RFC 8259 §11), so an unknown one is ignored. The raw header, as the servlet API's
     * {@code getContentType()} throws for a charset the JVM does not know.
     */
    private static void isJson(HttpServletRequest request) {
        String type = request.getHeader("Content-Type");
        String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new ProblemException(Problem.Rejected.of(415, SafeText.message(null, 415,
                    RequestSummary.of(request), Set.of())));
        }
    }
}
