package io.presence.service.errors;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.io.IOException;

/**
 * I/O failures. While reading a request they are the client's (hung up, truncated chunked body,
 * body over the limit): 400 or 413. Other I/O failures are server faults (500).
 */
@Priority(1)
public final class RequestReadExceptionMapper implements ExceptionMapper<IOException> {

    @Context
    private UriInfo uriInfo;
    @Context
    private Request request;

    @Override
    public Response toResponse(IOException exception) {
        return ClientErrors.find(exception)
                .orElseGet(() -> InternalErrors.respond(exception, InternalErrors.describe(request, uriInfo)));
    }
}
