package io.presence.client;

import io.presence.api.ErrorCodes;
import io.presence.api.ErrorResponse;
import java.time.Duration;
import java.util.List;

/** Turns an error status and body into the matching exception. */
final class ErrorMapper {

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

    private static String snippet(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, 200), java.nio.charset.StandardCharsets.UTF_8);
        return ": " + text.strip();
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
