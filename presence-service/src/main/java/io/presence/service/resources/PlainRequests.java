package io.presence.service.resources;

import io.presence.api.PresenceLimits;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;

/**
 * What the servlet-level filters ({@link CachedReadFilter}, {@link DirectWriteFilter}) may answer
 * themselves: a request on one user whose answer cannot depend on Jersey's path decoding or content
 * negotiation. Anything else goes on to {@link PresenceResource}.
 */
final class PlainRequests {

    /** The raw request path up to the user id, including the servlet context's path. */
    private final String prefix;

    PlainRequests(String contextPath) {
        this.prefix = contextPath + PresenceResource.PATH + "/";
    }

    /** The id in the request's raw path when it is one valid, unencoded path segment. */
    Optional<String> userId(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (!path.startsWith(prefix)) {
            return Optional.empty();
        }
        String userId = path.substring(prefix.length());
        // "." and ".." are valid ids but dot segments of a path: what they name is the resource's to say.
        boolean plain = PresenceLimits.isValidUserId(userId) && !userId.equals(".") && !userId.equals("..");
        return plain ? Optional.of(userId) : Optional.empty();
    }

    /** No {@code Accept} header, {@code *}{@code /*} or {@code application/json}: others are Jersey's to negotiate. */
    static boolean acceptsJson(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept == null || accept.equals(MediaType.WILDCARD) || accept.equals(MediaType.APPLICATION_JSON);
    }
}
