package io.presence.cli;

import io.presence.client.PresenceApiException;
import io.presence.client.PresenceNotFoundException;

/**
 * What a 404 or 405 means on the session paths. The node answers a user without presence, or a session that is not
 * live, with its JSON {@code not_found} naming the {@code userId} or the {@code sessionId}: not found (exit 3). A node older than sessions has
 * no such paths, and answers 404 without that detail (or 405): said so, as the SDK adds no fallback.
 */
final class SessionErrors {

    private SessionErrors() {
    }

    /** @return whether {@code e} is the node's answer that the user, or the session, is not there */
    static boolean isNotFound(PresenceNotFoundException e) {
        return e.details().stream().anyMatch(detail -> "userId".equals(detail.field())
                || "sessionId".equals(detail.field()));
    }

    /** @return {@code e}, or for a node without sessions an error that says so (exit 1) */
    static PresenceApiException withoutSessions(PresenceApiException e) {
        boolean noSessions = e.status() == 405 || e instanceof PresenceNotFoundException notFound && !isNotFound(notFound);
        if (!noSessions) {
            return e;
        }
        PresenceApiException restated = new PresenceApiException(e.status(), e.code(), e.getMessage()
                + "; the node has no sessions (it is older than this CLI), or --url misses the API", e.details());
        restated.setStackTrace(e.getStackTrace());
        return restated;
    }
}
