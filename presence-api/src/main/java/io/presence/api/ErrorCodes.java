package io.presence.api;

/** The {@link ErrorResponse#code()} values the API uses. */
public final class ErrorCodes {
    /** 400: malformed JSON, bad parameter or header. */
    public static final String INVALID_REQUEST = "invalid_request";
    /** 422: well-formed but breaks a rule (limits, TTL range). */
    public static final String VALIDATION_FAILED = "validation_failed";
    /** 401: missing, malformed, expired or wrongly signed token. */
    public static final String UNAUTHORIZED = "unauthorized";
    /** 403: the token may not write this user's presence. */
    public static final String FORBIDDEN = "forbidden";
    /** 404: unknown user or path. */
    public static final String NOT_FOUND = "not_found";
    /** 405: the path does not support the method. */
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    /** 406: no acceptable response media type. */
    public static final String NOT_ACCEPTABLE = "not_acceptable";
    /** 412: {@code If-Match} named a stale revision. */
    public static final String PRECONDITION_FAILED = "precondition_failed";
    /** 413: body over the size limit. */
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    /** 415: body not {@code application/json}. */
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    /** 429: rate limit reached; see {@code Retry-After}. */
    public static final String RATE_LIMITED = "rate_limited";
    /** 503: storage or hub unreachable; retry after {@code Retry-After}. */
    public static final String UNAVAILABLE = "unavailable";
    /** 500: a server fault; never caused by request content. */
    public static final String INTERNAL = "internal_error";

    private ErrorCodes() {
    }
}
