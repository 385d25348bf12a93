package io.presence.service.errors;

import io.presence.api.ErrorDetail;
import io.presence.service.core.PresenceNotFoundException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;

/**
 * 404 {@code not_found}: no presence is stored for the user. The {@code userId} detail tells this 404
 * from one for a path the API does not have (a client's wrong base URL), which has no details.
 */
public final class PresenceNotFoundExceptionMapper implements ExceptionMapper<PresenceNotFoundException> {

    static final ErrorDetail NO_PRESENCE = new ErrorDetail("userId", "has no presence");

    @Override
    public Response toResponse(PresenceNotFoundException exception) {
        return ErrorResponses.response(404, exception.getMessage(), List.of(NO_PRESENCE));
    }
}
