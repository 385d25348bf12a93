package io.presence.service.errors;

import io.presence.service.core.StoreConflictException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** 412 {@code precondition_failed}: {@code If-Match} named a stale revision. */
public final class StoreConflictExceptionMapper implements ExceptionMapper<StoreConflictException> {
    @Override
    public Response toResponse(StoreConflictException exception) {
        return ErrorResponses.response(412, exception.getMessage());
    }
}
