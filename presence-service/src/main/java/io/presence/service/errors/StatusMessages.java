package io.presence.service.errors;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Readable messages for statuses that come without one (Jersey's "HTTP 404 Not Found" is not one). */
final class StatusMessages {

    private static final Pattern JERSEY_DEFAULT = Pattern.compile("HTTP \\d{3}( .*)?");
    private static final Pattern UNSAFE = Pattern.compile("(?is).*(<html|<body|exception|\\bat [a-z]+\\.[a-z]).*");
    private static final int MAX_ECHO = 200;

    private StatusMessages() {
    }

    /**
     * {@code given} when it is a real, safe message; otherwise one built from the status and request.
     *
     * @param where       {@code METHOD /path}
     * @param accept      the request's {@code Accept}, or null
     * @param contentType the request's {@code Content-Type}, or null
     * @param allowed     the methods from {@code Allow}, possibly empty
     */
    static String message(String given, int status, String where, String accept, String contentType,
                          Set<String> allowed) {
        if (isUsable(given)) {
            return echo(given.strip());
        }
        String at = echo(where);
        return switch (status) {
            case 400 -> "bad request to " + at;
            case 401 -> "authentication required: send a bearer token";
            case 403 -> "not allowed to " + at;
            case 404 -> "no resource at " + at;
            case 405 -> "method not allowed: " + at
                    + (allowed.isEmpty() ? "" : "; allowed: " + String.join(", ", new TreeSet<>(allowed)));
            case 406 -> "cannot produce a response for Accept '" + echo(accept)
                    + "'; this API produces application/json";
            case 413 -> "request body is too large";
            case 415 -> "unsupported Content-Type '" + echo(contentType) + "' for " + at + "; send application/json";
            default -> ErrorResponses.reason(status);
        };
    }

    /** Whether {@code given} can be shown to a client: present, not Jersey's default, no markup or trace. */
    static boolean isUsable(String given) {
        return given != null && !given.isBlank() && !JERSEY_DEFAULT.matcher(given).matches()
                && !UNSAFE.matcher(given).matches();
    }

    /** Client-supplied text, bounded so a huge URI or header is not reflected in full. */
    static String echo(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) + "..." : text;
    }
}
