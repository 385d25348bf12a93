package io.presence.service.http;

import java.util.Optional;

/**
 * A path under one user, {@code /api/v2/presence/{userId}[/sessions[/{sessionId}]]}, as the user endpoint serves
 * it. The ids are as they appear in the decoded path; whether they are valid ids is the request's to check (400).
 *
 * @param sessionId the session named, or null
 */
public record UserPath(Kind kind, String userId, String sessionId) {

    /** Which of the user's resources the path names, and the methods it answers. */
    public enum Kind {
        /** The user's presence: read it, write the default session, end every session. */
        USER(ApiMethods.ONE_USER),
        /** The user's live sessions. */
        SESSIONS(ApiMethods.SESSIONS),
        /** One session: write it, end it. */
        SESSION(ApiMethods.ONE_SESSION);

        private final String allow;

        Kind(String allow) {
            this.allow = allow;
        }

        /** The {@code Allow} value. */
        public String allow() {
            return allow;
        }
    }

    /** The segment between a user's id and their session ids. */
    public static final String SESSIONS_SEGMENT = "sessions";

    /**
     * The user path {@code path} is, if any: one segment after {@code /api/v2/presence/} that does not name
     * another endpoint ({@link ApiPaths#ENDPOINT_SEGMENTS}), or any segment followed by {@code /sessions} and
     * optionally one more segment. An endpoint's name with sessions below it is a user path whose id no user can
     * have: it gets the id's 400, not a 404 that would read as a wrong base URL.
     */
    public static Optional<UserPath> parse(String path) {
        if (path == null || !path.startsWith(ApiPaths.USER_PREFIX)) {
            return Optional.empty();
        }
        String rest = path.substring(ApiPaths.USER_PREFIX.length());
        int slash = rest.indexOf('/');
        String userId = slash < 0 ? rest : rest.substring(0, slash);
        if (userId.isEmpty()) {
            return Optional.empty();
        }
        if (slash < 0) {
            return ApiPaths.isEndpointSegment(userId) ? Optional.empty()
                    : Optional.of(new UserPath(Kind.USER, userId, null));
        }
        String below = rest.substring(slash + 1);
        if (below.equals(SESSIONS_SEGMENT)) {
            return Optional.of(new UserPath(Kind.SESSIONS, userId, null));
        }
        String sessionPrefix = SESSIONS_SEGMENT + "/";
        if (below.startsWith(sessionPrefix) && below.length() > sessionPrefix.length()
                && below.indexOf('/', sessionPrefix.length()) < 0) {
            return Optional.of(new UserPath(Kind.SESSION, userId, below.substring(sessionPrefix.length())));
        }
        return Optional.empty();
    }
}
