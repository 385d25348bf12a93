package io.presence.service.errors;

import io.presence.service.http.ApiPaths;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What an error message or log line may say about the request it answers.
 *
 * @param where       {@code METHOD /path}, or {@code -} outside a request
 * @param accept      the {@code Accept} header, or null
 * @param contentType the {@code Content-Type} header, or null
 */
public record RequestSummary(String where, String accept, String contentType) {

    /** For failures outside any request. */
    public static final RequestSummary NONE = new RequestSummary("-", null, null);

    /** Whether the request writes (a {@code PUT}, a {@code DELETE}, an import), whose failure leaves its outcome unknown. */
    public boolean writes() {
        return where.startsWith("PUT ") || where.startsWith("DELETE ")
                || where.startsWith("POST ") && where.endsWith("/" + ApiPaths.IMPORT_SEGMENT);
    }

    public static RequestSummary of(HttpServletRequest request) {
        return new RequestSummary(request.getMethod() + " " + request.getRequestURI(),
                request.getHeader("Accept"), request.getHeader("Content-Type"));
    }
}
