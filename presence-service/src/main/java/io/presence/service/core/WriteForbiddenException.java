package io.presence.service.core;

/** The authenticated principal may not write this user's presence. */
public class WriteForbiddenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WriteForbiddenException(String subject, String userId) {
        super("token subject '" + subject + "' may not write the presence of '" + userId
                + "' (only its own, unless it has scope presence:admin)");
    }
}
