package io.presence.service.resources;

import java.util.Optional;

/**
 * The methods each API path answers, for the {@code Allow} header of the 405s Jersey does not write
 * itself: methods Dropwizard's allowed-methods filter refuses before routing ({@code TRACE}, unknown
 * ones) and the stream servlet's. {@code ApiMethodsIT} checks that these are what Jersey answers to
 * {@code OPTIONS}.
 */
public final class ApiMethods {

    static final String LIST = "GET, HEAD, OPTIONS";
    static final String BATCH = "POST, OPTIONS";
    static final String STREAM = "GET, OPTIONS";
    static final String ONE_USER = "GET, HEAD, OPTIONS, PUT";
    /** The path segment of the batch lookup, which is never a user id. */
    static final String BATCH_SEGMENT = "batch";
    static final String BATCH_PATH = PresenceResource.PATH + "/" + BATCH_SEGMENT;

    private static final String USER_PREFIX = PresenceResource.PATH + "/";

    private ApiMethods() {
    }

    /** The {@code Allow} value for a path within the application's context; empty when it is not an API path. */
    public static Optional<String> allowFor(String path) {
        if (path == null) {
            return Optional.empty();
        }
        if (path.equals(PresenceResource.PATH)) {
            return Optional.of(LIST);
        }
        if (path.equals(BATCH_PATH)) {
            return Optional.of(BATCH);
        }
        if (path.equals(PresenceStreamServlet.PATH)) {
            return Optional.of(STREAM);
        }
        boolean oneSegment = path.startsWith(USER_PREFIX) && path.length() > USER_PREFIX.length()
                && path.indexOf('/', USER_PREFIX.length()) < 0;
        return oneSegment ? Optional.of(ONE_USER) : Optional.empty();
    }
}
