package io.presence.service.core;

/** The authenticated principal may not write this user's presence (nor list their sessions). */
public class WriteForbiddenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WriteForbiddenException(String subject, String userId) {
        super("token subject '" + subject + "' may not write the presence of '" + userId
                + "' (only its own, unless it has scope presence:admin)");
    }

    private WriteForbiddenException(String message) {
        super(message);
    }

    /** The principal may not list this user's sessions: only the user and an admin may. */
    public static WriteForbiddenException sessionsOf(String subject, String userId) {
        return new WriteForbiddenException("token subject '" + subject + "' may not list the sessions of '" + userId
                + "' (only its own, unless it has scope presence:admin)");
    }
}
