package io.presence.service.errors;

import io.presence.api.ErrorDetail;
import io.presence.api.ErrorResponse;
import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.glassfish.jersey.server.ParamException;

/**
 * Every JAX-RS {@link WebApplicationException} without an entity (404, 405, 406, 415, ...): status
 * and headers ({@code Allow}, {@code WWW-Authenticate}, {@code Retry-After}) are kept, the body
 * becomes an {@link ErrorResponse} with a readable message instead of "HTTP 404 Not Found".
 * Exceptions that carry an entity bypass mappers (JAX-RS rule); {@link ErrorResponseFilter} fixes those.
 */
@Priority(1)
public final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    private static final Set<String> ENTITY_HEADERS = Set.of("content-type", "content-length", "content-encoding");

    @Context
    private UriInfo uriInfo;
    @Context
    private Request request;
    @Context
    private HttpHeaders headers;

    @Override
    public Response toResponse(WebApplicationException exception) {
        if (exception instanceof ParamException param) {
            // Jersey answers 404 for an unconvertible path or query parameter; it is a bad request.
            String field = param.getParameterName();
            String problem = "is not a valid value";
            return ErrorResponses.response(400, field + " " + problem, List.of(new ErrorDetail(field, problem)));
        }
        Response original = exception.getResponse();
        int status = original == null ? 500 : original.getStatus();
        if (ErrorResponses.isServerFault(status)) {
            return InternalErrors.respond(exception, InternalErrors.describe(request, uriInfo));
        }
        Set<String> allowed = withImpliedHead(original.getAllowedMethods());
        ErrorResponse body = original.getEntity() instanceof ErrorResponse given
                ? given
                : ErrorResponse.of(ErrorResponses.codeFor(status), StatusMessages.message(exception.getMessage(),
                        status, InternalErrors.describe(request, uriInfo), header(HttpHeaders.ACCEPT),
                        header(HttpHeaders.CONTENT_TYPE), allowed));
        Response.ResponseBuilder builder = ErrorResponses.builder(status, body);
        copyHeaders(original.getHeaders(), builder);
        if (!allowed.isEmpty()) {
            builder.header(HttpHeaders.ALLOW, null).header(HttpHeaders.ALLOW, String.join(", ", allowed));
        }
        return builder.build();
    }

    /**
     * Jersey answers {@code HEAD} wherever it answers {@code GET}, and names it in its {@code OPTIONS}
     * answers, but leaves it out of the {@code Allow} of its 405s.
     */
    private static Set<String> withImpliedHead(Set<String> allowed) {
        Set<String> methods = new TreeSet<>(allowed);
        if (methods.contains(HttpMethod.GET)) {
            methods.add(HttpMethod.HEAD);
        }
        return methods;
    }

    /** All headers but those describing the replaced entity. */
    static void copyHeaders(Map<String, List<Object>> from, Response.ResponseBuilder to) {
        for (Map.Entry<String, List<Object>> header : from.entrySet()) {
            if (!ENTITY_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                header.getValue().forEach(value -> to.header(header.getKey(), value));
            }
        }
    }

    private String header(String name) {
        try {
            return headers.getHeaderString(name);
        } catch (RuntimeException notInRequestScope) {
            return null;
        }
    }
}
