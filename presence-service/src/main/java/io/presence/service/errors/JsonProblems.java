package io.presence.service.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.presence.api.ErrorDetail;
import io.presence.api.JsonFailures;
import java.util.Optional;

/**
 * Jackson failures. Request-body problems become 400 {@code invalid_request} naming the JSON path, in the words of
 * {@link JsonFailures} (the CLI's too); serialization and DTO definition failures are server faults, left to
 * {@link Problems}.
 */
public final class JsonProblems {

    public static final String BODY = "body";

    private JsonProblems() {
    }

    /**
     * What is wrong with one JSON value of a body of several (an import's lines, each named by its caller), in
     * words: the field and its problem ({@code status must be one of ...}), or the parser's reason.
     *
     * @throws JsonProcessingException {@code exception} itself when it is a server fault, not the client's
     */
    public static String describe(JsonProcessingException exception) throws JsonProcessingException {
        Problem problem = clientError(exception).orElseThrow(() -> exception);
        if (problem.details().isEmpty()) {
            return problem.message();
        }
        ErrorDetail detail = problem.details().get(0);
        return detail.field().equals(BODY) ? detail.message() : detail.field() + " " + detail.message();
    }

    /** The problem in what the client sent, or empty for a server fault. */
    static Optional<Problem> clientError(JsonProcessingException exception) {
        // A body read that failed under the parser (over the size limit, cut off) is that failure's problem.
        Optional<Problem> underneath = exception.getCause() == null ? Optional.empty()
                : ClientFaults.find(exception.getCause());
        if (underneath.isPresent()) {
            return underneath;
        }
        return JsonFailures.of(exception).map(JsonProblems::problem);
    }

    private static Problem problem(JsonFailures.Failure failure) {
        if (failure.field() == null) {
            return Problem.Rejected.of(400, failure.reason());
        }
        return Problem.Rejected.field(400, failure.field().isEmpty() ? BODY : failure.field(), failure.reason());
    }
}
