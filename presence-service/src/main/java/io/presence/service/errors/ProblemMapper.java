package io.presence.service.errors;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Jersey's one exception mapper: every exception a resource or Jersey itself raises is answered through
 * {@link Problems} and {@link ProblemWriter}, as the servlets answer theirs. Registered for
 * {@code Throwable}, and for {@code ValidationException} too (Jersey's bean validation brings its own
 * mapper for that type, which a {@code Throwable} mapper would not override).
 */
@Priority(1)
public class ProblemMapper<E extends Throwable> implements ExceptionMapper<E> {

    @Context
    private UriInfo uriInfo;
    @Context
    private Request request;
    @Context
    private HttpHeaders headers;

    @Override
    public Response toResponse(E exception) {
        return ProblemWriter.response(Problems.of(exception, summary()));
    }

    private RequestSummary summary() {
        try {
            return new RequestSummary(request.getMethod() + " /" + uriInfo.getPath(false),
                    headers.getHeaderString(HttpHeaders.ACCEPT), headers.getHeaderString(HttpHeaders.CONTENT_TYPE));
        } catch (RuntimeException notInRequestScope) {
            return RequestSummary.NONE;
        }
    }

    /** For every exception no more specific mapper claims. */
    public static final class AnyFailure extends ProblemMapper<Throwable> {
    }

    /** For bean validation failures, which Jersey would otherwise answer itself. */
    public static final class Validation extends ProblemMapper<jakarta.validation.ValidationException> {
    }
}
