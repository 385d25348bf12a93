package io.presence.service.http;

import io.presence.api.ErrorDetail;
import io.presence.service.core.InvalidInputException;
import io.presence.service.errors.JsonProblems;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Set;

/**
 * Validates a request body inside the resource method instead of through Jersey's method validation
 * ({@code @NotNull @Valid} on the parameter), which resolves the method's parameter names by reflection
 * on every call: 16% of a PUT's CPU in a profile (docs/performance.md). The answers are the same: 400
 * "request body is required" for a JSON {@code null}, and the {@link ConstraintViolationExceptionMapper}
 * 422 with each field as the client sent it.
 */
public final class RequestBodies {

    static final String REQUIRED = "request body is required";

    private final Validator validator;

    public RequestBodies(Validator validator) {
        this.validator = validator;
    }

    /** The body when it is present and valid. */
    public <T> T valid(T body) {
        if (body == null) {
            throw InvalidInputException.badRequest(REQUIRED, List.of(new ErrorDetail(JsonProblems.BODY,
                    "is required")));
        }
        Set<ConstraintViolation<T>> violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return body;
    }
}
