package io.presence.service.errors;

import io.presence.api.Backups;
import io.presence.service.http.ApiMethods;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpStatus;

/**
 * The one sanitiser of error messages: text from a library or a client reaches an error body only through
 * here. A message that looks like markup, a stack trace, an exception or a class name is replaced by one
 * built from the status and the request; client-supplied text is cut to {@value #MAX_ECHO} characters.
 */
public final class SafeText {

    private static final Pattern JERSEY_DEFAULT = Pattern.compile("HTTP \\d{3}( .*)?");
    private static final Pattern UNSAFE = Pattern.compile(
            "(?is).*(<html|<body|exception|error:|\\bat [a-z]+\\.[a-z]|[a-z]+\\.[a-z]+\\.[A-Z]).*");
    private static final int MAX_ECHO = 200;

    private SafeText() {
    }

    /**
     * {@code given} when it is a real, safe message; otherwise one built from the status and request.
     *
     * @param allowed the methods from {@code Allow}, possibly empty
     */
    public static String message(String given, int status, RequestSummary request, Set<String> allowed) {
        if (isUsable(given)) {
            return clean(given, status);
        }
        String at = echo(request.where());
        return switch (status) {
            case 400 -> "bad request to " + at;
            case 401 -> "authentication required: send a bearer token";
            case 403 -> "not allowed to " + at;
            case 404 -> "no resource at " + at;
            case 405 -> "method not allowed: " + at
                    + (allowed.isEmpty() ? "" : "; allowed: " + ApiMethods.allowOf(allowed));
            case 406 -> "cannot produce a response for Accept '" + echo(request.accept()) + "'; "
                    + (at(request, "/presence/export") ? "this path produces " + Backups.NDJSON
                        : at(request, "/openapi.yaml") ? "this path produces application/yaml"
                        : "this API produces application/json");
            case 413 -> "request body is too large";
            case 415 -> (request.contentType() == null ? "no Content-Type"
                    : "unsupported Content-Type '" + echo(request.contentType()) + "'") + " for " + at
                    + "; send " + (at(request, "/presence/import") ? Backups.NDJSON : "application/json");
            default -> reason(status);
        };
    }

    /**
     * Whether the request is to the path ending in {@code path}: the export answers JSON lines ({@link
     * Backups#NDJSON}) and the import takes them (and answers JSON); every other path speaks JSON both ways.
     */
    private static boolean at(RequestSummary request, String path) {
        String where = request.where();
        return where != null && where.endsWith(path);
    }

    /** {@code given}, bounded, when it is safe to show; else the status's reason phrase, e.g. {@code not found}. */
    public static String clean(String given, int status) {
        if (!isUsable(given)) {
            return reason(status);
        }
        String text = echo(given.strip());
        return text.equals(HttpStatus.getMessage(status)) ? reason(status) : text;
    }

    /** Whether {@code given} can be shown to a client: present, not Jersey's default, no markup or trace. */
    static boolean isUsable(String given) {
        return given != null && !given.isBlank() && !JERSEY_DEFAULT.matcher(given).matches()
                && !UNSAFE.matcher(given).matches();
    }

    /** Client-supplied text, bounded so a huge URI or header is not reflected in full. */
    public static String echo(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) + "..." : text;
    }

    /** The lowercase reason phrase of a status, e.g. {@code not found}, as a last-resort message. */
    public static String reason(int status) {
        return HttpStatus.getMessage(status).toLowerCase(Locale.ROOT);
    }
}
