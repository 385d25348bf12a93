package io.presence.service.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.core.NoContentException;
import java.io.EOFException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipException;
import org.eclipse.jetty.http.HttpException;

/**
 * Finds a client's fault in an exception's cause chain. Jersey and Jetty wrap what went wrong while
 * reading a body (in {@code ProcessingException}, {@code IOException}, ...); a truncated or oversized
 * body is the client's doing however deeply it is wrapped, so it must not become a 500.
 */
final class ClientFaults {
    private static final int MAX_DEPTH = 16;

    private ClientFaults() {
    }

    /** The problem for the first client fault in the chain of {@code throwable}, if any. */
    static Optional<Problem> find(Throwable throwable) {
        Throwable current = throwable;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            Optional<Problem> problem = direct(current);
            if (problem.isPresent()) {
                return problem;
            }
            if (current.getCause() == current) {
                break;
            }
            current = current.getCause();
        }
        return Optional.empty();
    }

    private static Optional<Problem> direct(Throwable throwable) {
        if (throwable instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
            // Among them Jetty's SizeLimitHandler failing a body over the limit (413).
            return Optional.of(Problem.Rejected.of(http.getCode(), SafeText.clean(http.getReason(), http.getCode())));
        }
        if (throwable instanceof JsonProcessingException json) {
            return JsonProblems.clientError(json);
        }
        if (throwable instanceof NoContentException) {
            return Optional.of(Problem.Rejected.field(400, JsonProblems.BODY, "is required"));
        }
        if (throwable instanceof TimeoutException) {
            // Jetty's idle timeout expired while the body was being read: the client stopped sending it.
            return Optional.of(new Problem.Rejected(408, "request body did not arrive in time: the connection"
                    + " was idle too long while the server waited for the rest of it", List.of(),
                    Map.of("Connection", "close")));
        }
        if (throwable instanceof ZipException) {
            // Content-Encoding: gzip (decoded by Jetty's gzip handler) on a body that is not gzip.
            return Optional.of(Problem.Rejected.of(400, "request body is not valid gzip (Content-Encoding: gzip)"));
        }
        if (throwable instanceof EOFException) {
            // Jetty's EofException: the client closed the connection or sent fewer bytes than announced.
            return Optional.of(Problem.Rejected.of(400, "request body ended before it was complete"));
        }
        return Optional.empty();
    }
}
