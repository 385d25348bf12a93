package io.presence.service.http;

/** The API's paths and its own header names: what the servlets, Jersey's resource and the tests address. */
public final class ApiPaths {

    /** The list ({@code GET ?users=}) and the root of every API path. */
    public static final String PRESENCE = "/api/v2/presence";
    /** Prefix of one user's path, {@code /api/v2/presence/{userId}}. */
    public static final String USER_PREFIX = PRESENCE + "/";
    /** The path segment of the batch lookup, which is never a user id. */
    public static final String BATCH_SEGMENT = "batch";
    public static final String BATCH = USER_PREFIX + BATCH_SEGMENT;
    public static final String STREAM = USER_PREFIX + "stream";
    /** The contract, openapi.yaml, served as the node was built with it; outside the API's own paths. */
    public static final String OPENAPI = "/openapi.yaml";

    /** Set to {@code true} on reads answered while the bucket's stream does not answer (a leaf cut off from its hub). */
    public static final String STALE_HEADER = "X-Presence-Stale";

    private ApiPaths() {
    }
}
