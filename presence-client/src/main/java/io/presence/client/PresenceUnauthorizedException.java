package io.presence.client;

import io.presence.api.ErrorDetail;
import java.util.List;

/** The token is missing, malformed, expired or wrongly signed (401). */
public class PresenceUnauthorizedException extends PresenceApiException {

    private static final long serialVersionUID = 1L;

    /**
     * The error as the server reported it.
     *
     * @param code    the error code from the body
     * @param message the server's message
     * @param details per-field problems; may be empty
     */
    public PresenceUnauthorizedException(String code, String message, List<ErrorDetail> details) {
        super(401, code, message, details);
    }
}
