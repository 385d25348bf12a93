package io.presence.service.errors;

import io.presence.api.ErrorResponse;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line for error responses that never met a mapper: a {@code WebApplicationException}
 * carrying its own entity (Dropwizard's auth filter answers 401 in {@code text/plain}), or a resource
 * returning {@code Response.status(4xx)} with text or nothing. Their body becomes an
 * {@link ErrorResponse}; status and headers stay. A short plain-text message is kept as the message.
 */
@Priority(Priorities.USER)
public final class ErrorResponseFilter implements ContainerResponseFilter {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponseFilter.class);

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 400 || response.getEntity() instanceof ErrorResponse) {
            return;
        }
        String where = request.getMethod() + " /" + request.getUriInfo().getPath(false);
        ErrorResponse body;
        if (ErrorResponses.isServerFault(status)) {
            String errorId = ErrorResponses.newErrorId();
            LOG.error("error response without exception errorId={} status={} request={}", errorId, status, where);
            body = ErrorResponses.internal(errorId);
        } else {
            String given = response.getEntity() instanceof String text ? text : null;
            body = ErrorResponse.of(ErrorResponses.codeFor(status), StatusMessages.message(given, status, where,
                    request.getHeaderString(HttpHeaders.ACCEPT), request.getHeaderString(HttpHeaders.CONTENT_TYPE),
                    response.getAllowedMethods()));
        }
        response.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
        response.setEntity(body, new java.lang.annotation.Annotation[0], MediaType.APPLICATION_JSON_TYPE);
    }
}
