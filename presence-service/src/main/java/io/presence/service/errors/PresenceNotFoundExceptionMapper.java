package io.presence.service.errors;

import io.presence.service.core.PresenceNotFoundException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** 404 {@code not_found}: no presence is stored for the user. */
public final class PresenceNotFoundExceptionMapper implements ExceptionMapper<PresenceNotFoundException> {
    @Override
    public Response toResponse(PresenceNotFoundException exception) {
        return ErrorResponses.response(404, exception.getMessage());
    }
}
