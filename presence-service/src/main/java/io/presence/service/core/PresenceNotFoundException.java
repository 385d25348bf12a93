package io.presence.service.core;

/** No presence is stored for the user, or the session named is not live. */
public class PresenceNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String userId;
    private final String sessionId;

    public PresenceNotFoundException(String userId) {
        super("no presence for user '" + userId + "'");
        this.userId = userId;
        this.sessionId = null;
    }

    /** The user has a presence, but no live session {@code sessionId}. */
    public PresenceNotFoundException(String userId, String sessionId) {
        super("no live session '" + sessionId + "' of user '" + userId + "'");
        this.userId = userId;
        this.sessionId = sessionId;
    }

    /** The session that is not live, or null when the user has no presence at all. */
    public String sessionId() {
        return sessionId;
    }

    public String userId() {
        return userId;
    }
}
