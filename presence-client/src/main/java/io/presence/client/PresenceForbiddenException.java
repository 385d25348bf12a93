package io.presence.client;

import io.presence.api.ErrorDetail;
import java.util.List;

/** The token may not write this user's presence (403). */
public class PresenceForbiddenException extends PresenceApiException {

    private static final long serialVersionUID = 1L;

    /**
     * The error as the server reported it.
     *
     * @param code    the error code from the body
     * @param message the server's message
     * @param details per-field problems; may be empty
     */
    public PresenceForbiddenException(String code, String message, List<ErrorDetail> details) {
        super(403, code, message, details);
    }
}
