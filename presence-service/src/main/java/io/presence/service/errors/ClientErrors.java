package io.presence.service.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.core.NoContentException;
import jakarta.ws.rs.core.Response;
import java.io.EOFException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipException;
import org.eclipse.jetty.http.HttpException;

/**
 * Finds a client's fault in an exception's cause chain. Jersey and Jetty wrap what went wrong while
 * reading a body (in {@code ProcessingException}, {@code IOException}, ...); a truncated or oversized
 * body is the client's doing however deeply it is wrapped, so it must not become a 500.
 */
public final class ClientErrors {
    private static final int MAX_DEPTH = 16;

    private ClientErrors() {
    }

    /** The response for the first client fault in the chain of {@code throwable}, if any. */
    public static Optional<Response> find(Throwable throwable) {
        Throwable current = throwable;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            Optional<Response> response = direct(current);
            if (response.isPresent()) {
                return response;
            }
            if (current.getCause() == current) {
                break;
            }
            current = current.getCause();
        }
        return Optional.empty();
    }

    private static Optional<Response> direct(Throwable throwable) {
        if (throwable instanceof BodyTooLargeException tooLarge) {
            return Optional.of(tooLarge(tooLarge));
        }
        if (throwable instanceof JsonProcessingException json) {
            return JsonExceptionMapper.clientError(json);
        }
        if (throwable instanceof NoContentException) {
            return Optional.of(ErrorResponses.badRequest(JsonExceptionMapper.BODY, "is required"));
        }
        if (throwable instanceof TimeoutException) {
            // Jetty's idle timeout expired while the body was being read: the client stopped sending it.
            return Optional.of(ErrorResponses.builder(408, "request body did not arrive in time: the connection"
                    + " was idle too long while the server waited for the rest of it", null)
                    .header("Connection", "close").build());
        }
        if (throwable instanceof ZipException) {
            // Content-Encoding: gzip (decoded by Jetty's gzip handler) on a body that is not gzip.
            return Optional.of(ErrorResponses.response(400, "request body is not valid gzip (Content-Encoding: gzip)"));
        }
        if (throwable instanceof EOFException) {
            // Jetty's EofException: the client closed the connection or sent fewer bytes than announced.
            return Optional.of(ErrorResponses.response(400, "request body ended before it was complete"));
        }
        if (throwable instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
            String reason = http.getReason() == null ? ErrorResponses.reason(http.getCode()) : http.getReason();
            return Optional.of(ErrorResponses.response(http.getCode(), reason));
        }
        return Optional.empty();
    }

    static Response tooLarge(BodyTooLargeException exception) {
        return ErrorResponses.response(413, exception.getMessage());
    }
}
