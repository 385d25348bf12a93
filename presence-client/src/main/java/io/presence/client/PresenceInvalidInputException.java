package io.presence.client;

/**
 * The SDK refused an argument or setting before sending anything: a user id outside
 * {@code PresenceLimits}, a TTL outside the range any server accepts, a message no server stores, an
 * option out of range. Retrying the same call cannot succeed. The server's own refusal of a request's
 * content is a {@link PresenceValidationException}.
 */
public class PresenceInvalidInputException extends PresenceException {

    private static final long serialVersionUID = 1L;

    /** The argument or setting at fault. */
    private final String field;

    /**
     * An invalid argument or setting.
     *
     * @param field   the argument or setting at fault, e.g. {@code userId}, {@code ttl}, {@code batchSize}
     * @param message what is wrong with it
     */
    public PresenceInvalidInputException(String field, String message) {
        super(message, null);
        this.field = field;
    }

    /** @return the argument or setting at fault, e.g. {@code userId} or {@code ttl} */
    public String field() {
        return field;
    }
}
