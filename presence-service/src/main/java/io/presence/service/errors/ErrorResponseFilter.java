package io.presence.service.errors;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;

/**
 * The last line for Jersey error answers that never met {@link ProblemMapper}: a
 * {@code WebApplicationException} carrying its own entity (JAX-RS sends those unmapped), or a resource
 * returning {@code Response.status(4xx)} with text or nothing. Status and headers stay; the body becomes
 * the problem's, keeping a short, safe plain-text message as its message.
 */
@Priority(Priorities.USER)
public final class ErrorResponseFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 400 || ProblemWriter.isProblem(response.getEntity(), response.getMediaType())) {
            return;
        }
        RequestSummary summary = new RequestSummary(request.getMethod() + " /" + request.getUriInfo().getPath(false),
                request.getHeaderString(HttpHeaders.ACCEPT), request.getHeaderString(HttpHeaders.CONTENT_TYPE));
        Problem problem;
        if (Problem.isServerFault(status)) {
            problem = Problems.internal(null, summary.where() + " answered " + status + " without an exception");
        } else {
            String given = response.getEntity() instanceof String text ? text : null;
            problem = new Problem.Rejected(status,
                    SafeText.message(given, status, summary, response.getAllowedMethods()), List.of(), Map.of());
        }
        ProblemWriter.headers(problem).forEach((name, value) -> response.getHeaders().putSingle(name, value));
        response.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
        response.setEntity(ProblemWriter.bytes(problem), new Annotation[0], MediaType.APPLICATION_JSON_TYPE);
    }
}
