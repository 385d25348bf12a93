package io.presence.service.errors;

import io.presence.api.ErrorCodes;
import io.presence.api.ErrorDetail;
import io.presence.api.ErrorResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error answer: status, code, message and details (the {@link ErrorResponse} body), and the headers its
 * kind requires. Every side of the edge (the user servlet, the stream servlet, Jersey, Jetty's error page)
 * turns a failure into a Problem ({@link Problems}) and sends it with {@link ProblemWriter}, so an error
 * looks the same whoever refused the request. To add a header to every error, add it in the writer.
 */
public sealed interface Problem {

    /** The message of every 500: the cause stays in the server log, keyed by the error id. */
    String INTERNAL_MESSAGE = "internal server error; report errorId ";

    int status();

    String message();

    default List<ErrorDetail> details() {
        return List.of();
    }

    /** Headers that belong to this kind of answer, e.g. {@code Retry-After}; in a stable order. */
    default Map<String, String> headers() {
        return Map.of();
    }

    default String code() {
        return codeFor(status());
    }

    default ErrorResponse body() {
        return new ErrorResponse(code(), message(), details());
    }

    /** The {@link ErrorCodes} value for an HTTP status. */
    static String codeFor(int status) {
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

    /** A request the client has to change (4xx), with any headers the status calls for (e.g. {@code Allow}). */
    record Rejected(int status, String message, List<ErrorDetail> details, Map<String, String> headers)
            implements Problem {
        public Rejected {
            details = List.copyOf(details);
            headers = Map.copyOf(headers);
        }

        public static Rejected of(int status, String message) {
            return new Rejected(status, message, List.of(), Map.of());
        }

        /**
         * 405 with the {@code Allow} RFC 9110 requires, worded alike wherever it is answered (as Jersey words its own).
         *
         * @param where the method and the target, as {@code PUT /api/v2/presence/stream}
         */
        public static Rejected methodNotAllowed(String where, String allow) {
            return new Rejected(405, "method not allowed: " + SafeText.echo(where) + "; allowed: " + allow, List.of(),
                    Map.of("Allow", allow));
        }

        /** A problem with one field, named in the message and in the one detail. */
        public static Rejected field(int status, String field, String problem) {
            return new Rejected(status, field + " " + problem, List.of(new ErrorDetail(field, problem)), Map.of());
        }
    }

    /**
     * 401 with the bearer challenge; when a token was sent and refused, {@code error="invalid_token"} and why, as its
     * {@code error_description} and in the message (RFC 6750 §3: a client can tell a token to renew from one that
     * never verifies).
     *
     * @param refusal why the token sent does not verify (no quotes or backslashes), or null when none was sent
     */
    record Unauthorized(String refusal) implements Problem {
        public static final String REALM = "presence";

        @Override
        public int status() {
            return 401;
        }

        @Override
        public String message() {
            return refusal == null ? "a valid bearer token is required: Authorization: Bearer <jwt> (signed, unexpired)"
                    : "a valid bearer token is required: " + refusal;
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("WWW-Authenticate", "Bearer realm=\"" + REALM + "\""
                    + (refusal == null ? "" : ", error=\"invalid_token\", error_description=\"" + refusal + "\""));
        }
    }

    /**
     * 412: a condition of a write or read failed; {@code ETag} names the current presence, when there is one. The tag
     * depends on who asks (the user's own view or everyone else's), so the answer varies by {@code Authorization}.
     */
    record PreconditionFailed(String message, String currentEtag) implements Problem {
        @Override
        public int status() {
            return 412;
        }

        @Override
        public Map<String, String> headers() {
            return currentEtag == null ? Map.of() : Map.of("ETag", currentEtag, "Vary", "Authorization");
        }
    }

    /** 429 with when to retry and the limit's state, as {@code RateLimit-*} headers (and their {@code X-} forms). */
    record RateLimited(String what, long retryAfterSeconds, long limit, long remaining, long resetSeconds)
            implements Problem {
        @Override
        public int status() {
            return 429;
        }

        @Override
        public String message() {
            return "too many " + what + "; retry after " + retryAfterSeconds + (retryAfterSeconds == 1 ? " second"
                    : " seconds");
        }

        @Override
        public Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Retry-After", Long.toString(retryAfterSeconds));
            for (String prefix : new String[] {"", "X-"}) {
                headers.put(prefix + "RateLimit-Limit", Long.toString(limit));
                headers.put(prefix + "RateLimit-Remaining", Long.toString(remaining));
                headers.put(prefix + "RateLimit-Reset", Long.toString(resetSeconds));
            }
            return headers;
        }
    }

    /** 503 with {@code Retry-After} in whole seconds. */
    record Unavailable(String message, long retryAfterSeconds) implements Problem {
        @Override
        public int status() {
            return 503;
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Retry-After", Long.toString(retryAfterSeconds));
        }
    }

    /** 500: nothing but an id that finds the cause in the server log ({@link Problems#internal}). */
    record Internal(String errorId) implements Problem {
        @Override
        public int status() {
            return 500;
        }

        @Override
        public String message() {
            return INTERNAL_MESSAGE + errorId;
        }
    }
}
