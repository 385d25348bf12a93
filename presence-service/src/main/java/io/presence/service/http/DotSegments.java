package io.presence.service.http;

import io.presence.api.PresenceLimits;
import io.presence.service.errors.Problem;
import java.util.Locale;
import java.util.Optional;

/**
 * Dot segments ({@code .} and {@code ..}, plain or percent-encoded) in a URL path as the client sent it. Jetty
 * removes a plain one before routing, so {@code PUT /api/v2/presence/.} would reach the router as
 * {@code /api/v2/presence/} (a 404) and {@code /api/v2/presence/./sessions} as the user {@code sessions}; it refuses
 * an encoded one as an ambiguous path. Either is refused here, before anything routes it, as what it stands for:
 * at a user's or a session's place, the reserved id it is; elsewhere, a path no API has.
 */
public final class DotSegments {

    private DotSegments() {
    }

    /** The 400 for {@code rawPath} (not decoded, not normalised), if it has a dot segment. */
    public static Optional<Problem> problem(String rawPath) {
        if (rawPath == null || rawPath.indexOf('.') < 0 && rawPath.indexOf('%') < 0) {
            return Optional.empty();
        }
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (isDotSegment(segments[i])) {
                return Optional.of(problem(rawPath, segments, i));
            }
        }
        return Optional.empty();
    }

    /** What the dot segment at {@code index} stands for, the segments being {@code "", api, v2, presence, ...}. */
    private static Problem problem(String rawPath, String[] segments, int index) {
        boolean underUsers = rawPath.startsWith(ApiPaths.USER_PREFIX);
        if (underUsers && index == 4) {
            return Problem.Rejected.field(400, "userId", PresenceLimits.USER_ID_RULE);
        }
        if (underUsers && index == 6 && segments.length == 7 && UserPath.SESSIONS_SEGMENT.equals(segments[5])) {
            return Problem.Rejected.field(400, "sessionId", PresenceLimits.USER_ID_RULE);
        }
        return Problem.Rejected.of(400, "the URL path has a '.' or '..' segment, which no API path has; send the path"
                + " of the resource itself");
    }

    /**
     * {@code .} or {@code ..}, each dot possibly sent as {@code %2E} or {@code %2e}, with or without parameters
     * ({@code ..;x}: a segment's parameters are no part of its name, and Jetty refuses such a one as ambiguous).
     */
    private static boolean isDotSegment(String segment) {
        int parameters = segment.indexOf(';');
        String name = parameters < 0 ? segment : segment.substring(0, parameters);
        String dots = name.toLowerCase(Locale.ROOT).replace("%2e", ".");
        return dots.equals(".") || dots.equals("..");
    }
}
