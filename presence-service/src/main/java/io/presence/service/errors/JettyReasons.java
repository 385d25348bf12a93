package io.presence.service.errors;

import java.util.Locale;
import java.util.Optional;

/**
 * Jetty's reasons for refusing a request before any route sees it, in words that say what to change. Jetty names
 * the rule of its URI compliance that a path broke ("Ambiguous URI path separator") and gives a request it could not
 * parse at all only its status's phrase; a client reading either learns little.
 */
final class JettyReasons {

    /** For a request Jetty could not parse: where an HTTP/1.1 request usually goes wrong. */
    static final String UNPARSABLE = "the request is not valid HTTP/1.1: check its request line (a method, a target"
            + " whose every '%' begins two hexadecimal digits and that holds no %00, and HTTP/1.1) and its headers";

    private JettyReasons() {
    }

    /** The words for Jetty's reason of a 400, if it is one of the URI rules; empty for any other. */
    static Optional<String> uriRule(String reason) {
        if (reason == null) {
            return Optional.empty();
        }
        String rule = reason.toLowerCase(Locale.ROOT);
        if (rule.startsWith("ambiguous uri path separator")) {
            return Optional.of("the path holds a percent-encoded '/' (%2F): no user or session id can contain '/'");
        }
        if (rule.startsWith("ambiguous uri path encoding")) {
            return Optional.of("the path holds a percent-encoded '%' (%25): no user or session id can contain '%'");
        }
        if (rule.startsWith("suspicious path character") || rule.startsWith("illegal path character")) {
            return Optional.of("the path holds a character no user or session id can contain, such as a backslash,"
                    + " a control character, a space or one of < > { } ^ ` |, as it is or percent-encoded (ids are"
                    + " letters, digits and . _ @ : -)");
        }
        return Optional.empty();
    }

    /** Whether Jetty gave no reason of its own: none, or its status's phrase. */
    static boolean isBare(String reason) {
        return reason == null || reason.isBlank() || reason.equalsIgnoreCase("Bad Request");
    }
}
