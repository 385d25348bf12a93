package io.presence.client;

import io.presence.api.ErrorCodes;
import io.presence.api.ErrorResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns an error status and body into the matching exception. */
final class ErrorMapper {

    /** How much of a body that is not the API's error is read for the message, and how much of it is shown. */
    private static final int SNIPPET_READ = 4096;
    private static final int SNIPPET_SHOWN = 200;
    private static final Pattern HTML_TITLE = Pattern.compile("<title[^>]*>([^<]*)</title>", Pattern.CASE_INSENSITIVE);
    private static final Pattern HTML_HIDDEN = Pattern.compile("<(script|style)[^>]*>.*?</\\1>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern HTML_TAG = Pattern.compile("<[^>]*>");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private ErrorMapper() {
    }

    static PresenceApiException map(int status, byte[] body, String retryAfterHeader) {
        ErrorResponse error = parse(body);
        String code = error == null || error.code() == null ? "http_" + status : error.code();
        String message = error == null || error.message() == null
                ? "HTTP " + status + snippet(body) : error.message();
        List<io.presence.api.ErrorDetail> details = error == null ? List.of() : error.details();
        Duration retryAfter = retryAfter(retryAfterHeader);
        return switch (status) {
            case 400, 422 -> new PresenceValidationException(status, code, message, details);
            case 401 -> new PresenceUnauthorizedException(code, message, details);
            case 403 -> new PresenceForbiddenException(code, message, details);
            case 404 -> new PresenceNotFoundException(code, message, details);
            case 412 -> new PresenceConflictException(code, message, details);
            case 429 -> new PresenceRateLimitedException(code, message, details, retryAfter);
            case 503 -> new PresenceUnavailableException(code, message, details, retryAfter);
            default -> new PresenceApiException(status, code, message, details);
        };
    }

    /**
     * A redirect, which the client never follows: an http-to-https redirect by a proxy would turn a PUT
     * into a GET (OkHttp's 301/302 handling) or drop its token (another host). It names where it points.
     */
    static PresenceApiException redirect(int status, String location) {
        return new PresenceApiException(status, "http_" + status, "HTTP " + status + ": redirected to "
                + (location == null ? "nowhere (no Location header)" : location)
                + "; set the base URL to where the API is (the SDK follows no redirects)", List.of());
    }

    /** @return whether a 404's body is the API's own answer for a user without presence */
    static boolean isApiNotFound(byte[] body) {
        ErrorResponse error = parse(body);
        // The user's 404 names the userId in its details; a 404 for a path the API lacks has none.
        return error != null && ErrorCodes.NOT_FOUND.equals(error.code()) && error.details() != null
                && error.details().stream().anyMatch(detail -> "userId".equals(detail.field()));
    }

    private static ErrorResponse parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(body, ErrorResponse.class);
        } catch (Exception e) {
            return null; // not our error shape (a proxy's HTML page, say): the status still tells
        }
    }

    /**
     * What a body that is not the API's error says, on one line and at most 200 characters: a proxy's HTML error page
     * by its title (nginx's "502 Bad Gateway"), or its text without the markup when it has none.
     */
    private static String snippet(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, SNIPPET_READ), StandardCharsets.UTF_8);
        if (text.stripLeading().startsWith("<")) {
            Matcher title = HTML_TITLE.matcher(text);
            text = title.find() && !title.group(1).isBlank() ? title.group(1)
                    : HTML_TAG.matcher(HTML_HIDDEN.matcher(text).replaceAll(" ")).replaceAll(" ");
        }
        String line = WHITESPACE.matcher(text).replaceAll(" ").strip();
        return line.isEmpty() ? "" : ": " + (line.length() > SNIPPET_SHOWN ? line.substring(0, SNIPPET_SHOWN) : line);
    }

    /** {@code Retry-After} in seconds; the HTTP-date form is not used by this API and reads as absent. */
    static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
