package io.presence.service.errors;

import jakarta.servlet.http.HttpServletRequest;

/** What servlet filters ask of a request before anything reads it. */
public final class ServletRequests {

    private ServletRequests() {
    }

    /** Whether a body follows the headers: a positive length, or chunks of a length not yet known. */
    public static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }
}
