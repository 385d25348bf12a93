package io.presence.service.errors;

import io.presence.api.ErrorCodes;
import io.presence.api.ErrorDetail;
import io.presence.api.ErrorResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.jetty.http.HttpStatus;

/** Builds the one JSON error shape, and picks the {@link ErrorCodes code} for a status. */
public final class ErrorResponses {

    /** The message of every 500: the cause stays in the server log, keyed by the error id. */
    static final String INTERNAL_MESSAGE = "internal server error; report errorId ";

    private ErrorResponses() {
    }

    /** The {@link ErrorCodes} value for an HTTP status. */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> ErrorCodes.INVALID_REQUEST;
            case 401 -> ErrorCodes.UNAUTHORIZED;
            case 403 -> ErrorCodes.FORBIDDEN;
            case 404 -> ErrorCodes.NOT_FOUND;
            case 405 -> ErrorCodes.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCodes.NOT_ACCEPTABLE;
            case 412 -> ErrorCodes.PRECONDITION_FAILED;
            case 413 -> ErrorCodes.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCodes.UNSUPPORTED_MEDIA_TYPE;
            case 422 -> ErrorCodes.VALIDATION_FAILED;
            case 429 -> ErrorCodes.RATE_LIMITED;
            case 502, 503, 504 -> ErrorCodes.UNAVAILABLE;
            default -> isServerFault(status) ? ErrorCodes.INTERNAL : ErrorCodes.INVALID_REQUEST;
        };
    }

    /**
     * Whether a status means the server failed (logged with an error id). 502-504 are an unreachable
     * dependency, 505 an HTTP version the client should not have used.
     */
    static boolean isServerFault(int status) {
        return status >= 500 && status != 502 && status != 503 && status != 504 && status != 505;
    }

    /** The lowercase reason phrase of a status, e.g. {@code not found}, as a last-resort message. */
    public static String reason(int status) {
        return HttpStatus.getMessage(status).toLowerCase(Locale.ROOT);
    }

    /** A fresh id that ties a 500 response to its server log line. */
    static String newErrorId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** The body of a 500 response for {@code errorId}. */
    static ErrorResponse internal(String errorId) {
        return ErrorResponse.of(ErrorCodes.INTERNAL, INTERNAL_MESSAGE + errorId);
    }

    /** A JSON response with the code chosen from the status. */
    public static Response.ResponseBuilder builder(int status, String message, List<ErrorDetail> details) {
        return builder(status, new ErrorResponse(codeFor(status), message, details));
    }

    /** A JSON response carrying {@code body}. */
    public static Response.ResponseBuilder builder(int status, ErrorResponse body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
    }

    /** A JSON response with the code chosen from the status. */
    public static Response response(int status, String message, List<ErrorDetail> details) {
        return builder(status, message, details).build();
    }

    /** A JSON response with the code chosen from the status and no details. */
    public static Response response(int status, String message) {
        return response(status, message, List.of());
    }

    /** A 400 about one field. */
    static Response badRequest(String field, String problem) {
        return response(400, field + " " + problem, List.of(new ErrorDetail(field, problem)));
    }
}
