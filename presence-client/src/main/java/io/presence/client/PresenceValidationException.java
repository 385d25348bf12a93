package io.presence.client;

import io.presence.api.ErrorDetail;
import java.util.List;

/**
 * The server refused the request's content (400 {@code invalid_request} or 422 {@code validation_failed}):
 * a TTL outside this server's configured range, say. {@link #details()} names each field and why.
 */
public class PresenceValidationException extends PresenceApiException {

    private static final long serialVersionUID = 1L;

    /**
     * The error as the server reported it.
     *
     * @param status  400 or 422
     * @param code    the error code from the body
     * @param message the server's message
     * @param details per-field problems; may be empty
     */
    public PresenceValidationException(int status, String code, String message, List<ErrorDetail> details) {
        super(status, code, message, details);
    }
}
