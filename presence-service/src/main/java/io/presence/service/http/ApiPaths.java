package io.presence.service.http;

import io.presence.api.PresenceLimits;
import java.util.Set;

/** The API's paths and its own header names: what the servlets, Jersey's resource and the tests address. */
public final class ApiPaths {

    /** The list ({@code GET ?users=}) and the root of every API path. */
    public static final String PRESENCE = "/api/v2/presence";
    /** Prefix of one user's path, {@code /api/v2/presence/{userId}}. */
    public static final String USER_PREFIX = PRESENCE + "/";
    /** The path segment of the batch lookup, which is never a user id. */
    public static final String BATCH_SEGMENT = "batch";
    public static final String STREAM_SEGMENT = "stream";
    /** The path segments of the backup endpoints (admin only). */
    public static final String EXPORT_SEGMENT = "export";
    public static final String IMPORT_SEGMENT = "import";
    public static final String BATCH = USER_PREFIX + BATCH_SEGMENT;
    public static final String STREAM = USER_PREFIX + STREAM_SEGMENT;
    public static final String EXPORT = USER_PREFIX + EXPORT_SEGMENT;
    public static final String IMPORT = USER_PREFIX + IMPORT_SEGMENT;

    /**
     * The single segments after {@code /api/v2/presence/} that name an endpoint rather than a user: the user
     * endpoint hands their requests on. Each is one of {@link PresenceLimits#RESERVED_USER_IDS}, so no user
     * can have such an id (and lose its path to the endpoint).
     */
    public static final Set<String> ENDPOINT_SEGMENTS = Set.of(BATCH_SEGMENT, STREAM_SEGMENT, EXPORT_SEGMENT,
            IMPORT_SEGMENT);
    /** The contract, openapi.yaml, served as the node was built with it; outside the API's own paths. */
    public static final String OPENAPI = "/openapi.yaml";

    /** Set to {@code true} on reads answered while the bucket's stream does not answer (a leaf cut off from its hub). */
    public static final String STALE_HEADER = "X-Presence-Stale";

    private ApiPaths() {
    }

    /** Whether {@code segment}, the one segment after {@code /api/v2/presence/}, names an endpoint, not a user. */
    public static boolean isEndpointSegment(String segment) {
        return ENDPOINT_SEGMENTS.contains(segment);
    }
}
