package io.presence.service.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** 400 {@code invalid_request} or 422 {@code validation_failed}, with the exception's field details. */
public final class InvalidInputExceptionMapper implements ExceptionMapper<InvalidInputException> {
    @Override
    public Response toResponse(InvalidInputException exception) {
        int status = exception.unprocessable() ? 422 : 400;
        return ErrorResponses.response(status, exception.getMessage(), exception.details());
    }
}
