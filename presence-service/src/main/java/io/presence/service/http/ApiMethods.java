package io.presence.service.http;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The methods each API path answers, for {@code Allow}: on the 405s and {@code OPTIONS} answers the servlets
 * write, and on the 405s Dropwizard's allowed-methods filter refuses before routing ({@code TRACE}, unknown
 * methods). {@code ApiMethodsIT} checks that the Jersey rows (list, batch, export, import) are what Jersey answers to
 * {@code OPTIONS}. Every {@code Allow} is spelled one way, {@link #allowOf}: a client comparing two answers as
 * strings finds them equal.
 */
public final class ApiMethods {

    public static final String LIST = "GET, HEAD, OPTIONS";
    public static final String BATCH = "OPTIONS, POST";
    public static final String STREAM = "GET, HEAD, OPTIONS";
    public static final String ONE_USER = "DELETE, GET, HEAD, OPTIONS, PUT";
    /** {@code /api/v2/presence/{userId}/sessions}. */
    public static final String SESSIONS = "GET, HEAD, OPTIONS";
    /** {@code /api/v2/presence/{userId}/sessions/{sessionId}}. */
    public static final String ONE_SESSION = "DELETE, OPTIONS, PUT";
    /** The contract itself, {@code GET /openapi.yaml}. */
    public static final String OPENAPI = "GET, HEAD, OPTIONS";
    public static final String EXPORT = "GET, HEAD, OPTIONS";
    public static final String IMPORT = "OPTIONS, POST";

    /** The methods the read filters (access, rate limit, staleness) treat as reads: POST is the batch lookup. */
    public static final Set<String> READS = Set.of("GET", "HEAD", "POST");

    private ApiMethods() {
    }

    /** The {@code Allow} value naming these methods: in alphabetical order, {@code ", "} between them. */
    public static String allowOf(Collection<String> methods) {
        return String.join(", ", new TreeSet<>(methods));
    }

    /**
     * The {@code Allow} value for a path within the application's context; empty when it is not an API path. The
     * paths Jersey serves (list, batch, export, import) are its paths with one {@code /} after them as well, as
     * Jersey routes them.
     */
    public static Optional<String> allowFor(String path) {
        if (path == null) {
            return Optional.empty();
        }
        Optional<String> jerseys = jerseyRow(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        if (jerseys.isPresent()) {
            return jerseys;
        }
        if (path.equals(ApiPaths.STREAM)) {
            return Optional.of(STREAM);
        }
        if (path.equals(ApiPaths.OPENAPI)) {
            return Optional.of(OPENAPI);
        }
        return UserPath.parse(path).map(user -> user.kind().allow());
    }

    private static Optional<String> jerseyRow(String path) {
        return Optional.ofNullable(switch (path) {
            case ApiPaths.PRESENCE -> LIST;
            case ApiPaths.BATCH -> BATCH;
            case ApiPaths.EXPORT -> EXPORT;
            case ApiPaths.IMPORT -> IMPORT;
            default -> null;
        });
    }
}
