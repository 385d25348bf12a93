package io.presence.client;

import io.presence.api.ErrorDetail;
import java.util.List;

/** A conditional write named a stale revision (412): read again and retry. */
public class PresenceConflictException extends PresenceApiException {

    private static final long serialVersionUID = 1L;

    /**
     * The error as the server reported it.
     *
     * @param code    the error code from the body
     * @param message the server's message
     * @param details per-field problems; may be empty
     */
    public PresenceConflictException(String code, String message, List<ErrorDetail> details) {
        super(412, code, message, details);
    }
}
