package io.presence.client;

import io.presence.api.ErrorDetail;
import java.util.List;

/**
 * The server answered with an error status. {@link #code()} and {@link #details()} come from the
 * server's {@code ErrorResponse}; a body that is not one still yields this exception with the status.
 */
public class PresenceApiException extends PresenceException {

    private static final long serialVersionUID = 1L;

    /** The HTTP status. */
    private final int status;
    /** The error code. */
    private final String code;
    private final transient List<ErrorDetail> details;

    /**
     * An API error.
     *
     * @param status  the HTTP status
     * @param code    the error code from the body (see {@code io.presence.api.ErrorCodes}), or
     *                {@code "http_<status>"} when the body had none
     * @param message the server's message, or a description of the status
     * @param details per-field problems; may be empty
     */
    public PresenceApiException(int status, String code, String message, List<ErrorDetail> details) {
        super(message, null);
        this.status = status;
        this.code = code;
        this.details = details == null ? List.of() : List.copyOf(details);
    }

    /** @return the HTTP status code */
    public int status() {
        return status;
    }

    /** @return the stable machine-readable error code */
    public String code() {
        return code;
    }

    /** @return per-field problems, empty when the error is not about a field */
    public List<ErrorDetail> details() {
        return details;
    }
}
