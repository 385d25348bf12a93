package io.presence.service.core;

import io.presence.api.ErrorDetail;
import java.util.List;

/**
 * Request input broke a rule. {@code unprocessable} chooses 422 (well-formed but out of range)
 * over 400 (malformed).
 */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<ErrorDetail> details;
    private final boolean unprocessable;

    private InvalidInputException(String message, List<ErrorDetail> details, boolean unprocessable) {
        super(message);
        this.details = List.copyOf(details);
        this.unprocessable = unprocessable;
    }

    /** 400: the field is malformed. */
    public static InvalidInputException badRequest(String field, String problem) {
        return new InvalidInputException(field + " " + problem, List.of(new ErrorDetail(field, problem)), false);
    }

    /** 422: the field is well-formed but outside what this server accepts. */
    public static InvalidInputException unprocessable(String field, String problem) {
        return new InvalidInputException(field + " " + problem, List.of(new ErrorDetail(field, problem)), true);
    }

    /** 422 with several problems at once. */
    public static InvalidInputException unprocessable(String message, List<ErrorDetail> details) {
        return new InvalidInputException(message, details, true);
    }

    /** 400 with several problems at once. */
    public static InvalidInputException badRequest(String message, List<ErrorDetail> details) {
        return new InvalidInputException(message, details, false);
    }

    public List<ErrorDetail> details() {
        return details;
    }

    public boolean unprocessable() {
        return unprocessable;
    }
}
