package io.presence.service.errors;

import io.presence.service.core.WriteForbiddenException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** 403 {@code forbidden}: the token may not write this user's presence. */
public final class WriteForbiddenExceptionMapper implements ExceptionMapper<WriteForbiddenException> {
    @Override
    public Response toResponse(WriteForbiddenException exception) {
        return ErrorResponses.response(403, exception.getMessage());
    }
}
