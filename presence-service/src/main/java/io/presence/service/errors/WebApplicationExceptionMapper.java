package io.presence.service.errors;

import io.presence.api.ErrorDetail;
import io.presence.api.ErrorResponse;
import jakarta.annotation.Priority;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.glassfish.jersey.server.ParamException;

/**
 * Every JAX-RS {@link WebApplicationException} (404, 405, 406, 415, 401, ...): status and headers
 * ({@code Allow}, {@code WWW-Authenticate}, {@code Retry-After}) are kept, the body becomes an
 * {@link ErrorResponse} with a readable message instead of Jersey's "HTTP 404 Not Found".
 */
@Priority(1)
public final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    private static final Pattern DEFAULT_MESSAGE = Pattern.compile("HTTP \\d{3}( .*)?");
    private static final Set<String> ENTITY_HEADERS = Set.of("content-type", "content-length", "content-encoding");
    private static final int MAX_ECHO = 200;

    @Context
    private UriInfo uriInfo;
    @Context
    private Request request;
    @Context
    private HttpHeaders headers;

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        if (exception instanceof ParamException param) {
            // Jersey answers 404 for an unconvertible path or query parameter; it is a bad request.
            String field = param.getParameterName();
            String problem = "is not a valid value";
            return ErrorResponses.response(400, field + " " + problem, List.of(new ErrorDetail(field, problem)));
        }
        int status = original == null ? 500 : original.getStatus();
        if (status >= 500 && status != 502 && status != 503 && status != 504) {
            return InternalErrors.respond(exception, where());
        }
        ErrorResponse body = original != null && original.getEntity() instanceof ErrorResponse given
                ? given
                : ErrorResponse.of(ErrorResponses.codeFor(status), message(exception, status, original));
        Response.ResponseBuilder builder = ErrorResponses.builder(status, body);
        if (original != null) {
            for (Map.Entry<String, List<Object>> header : original.getHeaders().entrySet()) {
                if (!ENTITY_HEADERS.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                    header.getValue().forEach(value -> builder.header(header.getKey(), value));
                }
            }
        }
        return builder.build();
    }

    private String message(WebApplicationException exception, int status, Response original) {
        String given = exception.getMessage();
        if (given != null && !given.isBlank() && !DEFAULT_MESSAGE.matcher(given).matches()) {
            return given;
        }
        return switch (status) {
            case 400 -> "bad request to " + where();
            case 401 -> "authentication required: send a bearer token";
            case 403 -> "not allowed to " + where();
            case 404 -> "no resource at " + where();
            case 405 -> "method not allowed: " + where() + allowed(original);
            case 406 -> "cannot produce a response for Accept '" + echo(headers(HttpHeaders.ACCEPT))
                    + "'; this API produces application/json";
            case 415 -> "unsupported Content-Type '" + echo(headers(HttpHeaders.CONTENT_TYPE))
                    + "' for " + where() + "; send application/json";
            default -> ErrorResponses.reason(status);
        };
    }

    private static String allowed(Response original) {
        if (original == null || original.getAllowedMethods().isEmpty()) {
            return "";
        }
        return "; allowed: " + String.join(", ", new java.util.TreeSet<>(original.getAllowedMethods()));
    }

    private String headers(String name) {
        try {
            String value = headers.getHeaderString(name);
            return value == null ? "" : value;
        } catch (RuntimeException notInRequestScope) {
            return "";
        }
    }

    private String where() {
        return echo(InternalErrors.describe(request, uriInfo));
    }

    /** Client-supplied text, bounded so a huge URI or header is not reflected in full. */
    private static String echo(String text) {
        return text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) + "..." : text;
    }
}
