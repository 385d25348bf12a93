package io.presence.client;

import io.presence.api.ErrorDetail;
import java.util.List;

/** The user (or path) does not exist (404). */
public class PresenceNotFoundException extends PresenceApiException {

    private static final long serialVersionUID = 1L;

    /**
     * The error as the server reported it.
     *
     * @param code    the error code from the body
     * @param message the server's message
     * @param details per-field problems; may be empty
     */
    public PresenceNotFoundException(String code, String message, List<ErrorDetail> details) {
        super(404, code, message, details);
    }
}
