package io.presence.service.errors;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error page, as the JSON problem. Covers what never reaches a servlet: bad URIs and
 * percent-encoding, ambiguous paths, 414 and 431, bodies over the size limit, unknown HTTP versions and
 * other parser 400s, and {@code sendError} from servlet filters (e.g. Dropwizard's allowed-methods filter),
 * on the application and admin connectors alike. Ignores {@code Accept} (always JSON).
 */
public class JsonErrorHandler extends ErrorHandler {

    /**
     * The {@code Allow} header of a path within the context, for 405s that did not set one; empty for a path the
     * context does not serve, when {@link #servesOnlyNamedPaths}.
     */
    private final Function<String, Optional<String>> allowedMethods;

    /** Whether {@link #allowedMethods} names every path the context serves (the application's, not the admin's). */
    private final boolean servesOnlyNamedPaths;

    /** The 400 for a path as sent (not decoded) that Jetty refused as ambiguous, when one says more. */
    private final Function<String, Optional<Problem>> refusedPaths;

    /** For contexts whose paths are not known here, with the 400s of paths Jetty refuses as ambiguous. */
    public JsonErrorHandler(Function<String, Optional<Problem>> refusedPaths) {
        this(path -> Optional.empty(), false, refusedPaths);
    }

    /** For a context serving the paths {@code allowedMethods} names, and nothing else. */
    public JsonErrorHandler(Function<String, Optional<String>> allowedMethods,
                            Function<String, Optional<Problem>> refusedPaths) {
        this(allowedMethods, true, refusedPaths);
    }

    private JsonErrorHandler(Function<String, Optional<String>> allowedMethods, boolean servesOnlyNamedPaths,
                             Function<String, Optional<Problem>> refusedPaths) {
        this.allowedMethods = allowedMethods;
        this.servesOnlyNamedPaths = servesOnlyNamedPaths;
        this.refusedPaths = refusedPaths;
        setShowStacks(false);
        setShowCauses(false);
        setShowOrigin(false);
        setDefaultResponseMimeType("application/json");
    }

    /** Every method gets a body, not just GET, POST and HEAD. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message,
                                    Throwable cause, Callback callback) {
        String where = request.getMethod() + " " + Request.getPathInContext(request);
        Problem problem = problem(code, message, cause, where);
        if (code == HttpStatus.BAD_REQUEST_400 && cause instanceof BadMessageException bad
                && JettyReasons.isBare(bad.getReason())) {
            // What Jetty's parser refused, handed over as a request of its own (BAD /badMessage).
            problem = Problem.Rejected.of(code, JettyReasons.UNPARSABLE);
        }
        if (code == HttpStatus.BAD_REQUEST_400) {
            // Jetty's "Ambiguous URI path segment" for /api/v2/presence/%2E: say it is a reserved user id.
            problem = refusedPaths.apply(request.getHttpURI().getPath()).orElse(problem);
        }
        // RFC 9110 requires Allow on a 405; Dropwizard's allowed-methods filter sends none.
        if (code == HttpStatus.METHOD_NOT_ALLOWED_405 && !response.getHeaders().contains(HttpHeader.ALLOW)) {
            Optional<String> allow = allowedMethods.apply(Request.getPathInContext(request));
            if (allow.isEmpty() && HttpMethod.CONNECT.is(request.getMethod())) {
                // CONNECT host:port names no resource of ours; an empty Allow says the target allows nothing.
                response.getHeaders().put(HttpHeader.ALLOW, "");
                problem = Problem.Rejected.of(code, "method not allowed: CONNECT is for proxies, and this is not one");
            } else if (allow.isPresent()) {
                problem = Problem.Rejected.methodNotAllowed(where, allow.get());
            } else if (servesOnlyNamedPaths) {
                // Nothing is here, whatever the method: the 404 its other methods get. A 405 would owe an Allow
                // naming the methods of a resource that does not exist.
                response.setStatus(HttpStatus.NOT_FOUND_404);
                problem = Problem.Rejected.of(HttpStatus.NOT_FOUND_404, "no resource at " + SafeText.echo(where));
            }
        }
        ProblemWriter.headers(problem).forEach(response.getHeaders()::put);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        byte[] body = ProblemWriter.bytes(problem);
        if (HttpMethod.HEAD.is(request.getMethod())) {
            // RFC 9110 9.3.2: the GET answer's headers, no content. Jetty leaves out a HEAD answer's content only
            // where it routed the request; a path refused before routing would carry this body.
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, null, callback);
            return;
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** The body Jetty sends for a message it could not parse into a request at all. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        Problem problem = status == HttpStatus.BAD_REQUEST_400 && JettyReasons.isBare(reason)
                ? Problem.Rejected.of(status, JettyReasons.UNPARSABLE) : problem(status, reason, null, "-");
        ProblemWriter.headers(problem).forEach(fields::put);
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(ProblemWriter.bytes(problem));
    }

    /**
     * Jetty's reason when it is a safe phrase, else the status's reason phrase; a 5xx is logged with an id. A
     * request that never arrived whole (the client stopped sending its head and the idle timeout closed the
     * connection) is Jetty's 500 with an {@link EofException}: the client's doing, a 408, and no error of ours.
     */
    static Problem problem(int code, String message, Throwable cause, String where) {
        if (Problem.isServerFault(code) && stalled(cause)) {
            return new Problem.Rejected(408, "request did not arrive in time: the connection was idle too long"
                    + " before the request was complete", List.of(), Map.of("Connection", "close"));
        }
        if (code == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505) {
            // Jetty's reason is "Unknown Version"; HTTP/2 is spoken only where h2c is configured, and a client that
            // knows it needs no telling.
            return Problem.Rejected.of(code, "HTTP version not supported: send HTTP/1.1");
        }
        if (Problem.isServerFault(code)) {
            return Problems.internal(cause, where + " answered " + code + ": " + message);
        }
        String text = cause instanceof HttpException http && http.getReason() != null ? http.getReason() : message;
        if (code == HttpStatus.BAD_REQUEST_400) {
            Optional<String> rule = JettyReasons.uriRule(text);
            if (rule.isPresent()) {
                return Problem.Rejected.of(code, rule.get());
            }
        }
        return Problem.Rejected.of(code, SafeText.clean(text, code));
    }

    private static boolean stalled(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EofException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
