package io.presence.service.core;

/** No presence is stored for the user. */
public class PresenceNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String userId;

    public PresenceNotFoundException(String userId) {
        super("no presence for user '" + userId + "'");
        this.userId = userId;
    }

    public String userId() {
        return userId;
    }
}
