package io.presence.service.errors;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Everything no other mapper claims. A client fault found in the cause chain (truncated or oversized
 * body, malformed JSON wrapped by Jersey) gets its 4xx; anything else is a 500 {@code internal_error}
 * with an error id, logged once with its stack trace.
 */
@Priority(1)
public final class FallbackExceptionMapper implements ExceptionMapper<Throwable> {

    @Context
    private UriInfo uriInfo;
    @Context
    private Request request;

    @Override
    public Response toResponse(Throwable exception) {
        return ClientErrors.find(exception)
                .orElseGet(() -> InternalErrors.respond(exception, InternalErrors.describe(request, uriInfo)));
    }
}
