package io.presence.client;

/**
 * The server could not be reached or its answer could not be read: connection refused, timeout,
 * broken stream or a response body that is not the JSON the contract promises.
 */
public class PresenceTransportException extends PresenceException {

    private static final long serialVersionUID = 1L;

    /**
     * A transport failure.
     *
     * @param message what went wrong
     * @param cause   the underlying I/O or parse failure, or {@code null}
     */
    public PresenceTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
