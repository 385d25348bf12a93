package io.presence.client;

/** The base of every exception the SDK throws; unchecked. */
public class PresenceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message and an optional cause.
     *
     * @param message what went wrong
     * @param cause   the underlying cause, or {@code null}
     */
    public PresenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
