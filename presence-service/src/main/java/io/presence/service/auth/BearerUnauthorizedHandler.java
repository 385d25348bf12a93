package io.presence.service.auth;

import io.dropwizard.auth.UnauthorizedHandler;
import io.presence.api.ErrorCodes;
import io.presence.api.ErrorResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/** 401 in the API's error shape, with the {@code WWW-Authenticate: Bearer} challenge. */
public final class BearerUnauthorizedHandler implements UnauthorizedHandler {

    /** The authentication scheme, as the auth filter matches it (case-insensitively). */
    public static final String PREFIX = "Bearer";
    public static final String REALM = "presence";

    /**
     * The challenge for a request that sent a bearer token which did not verify (RFC 6750 §3.1); a
     * request without one gets the plain {@code Bearer realm="presence"}.
     */
    public static final String INVALID_TOKEN_CHALLENGE = PREFIX + " realm=\"" + REALM + "\", error=\"invalid_token\"";

    /**
     * The token of a bearer {@code Authorization} header: after {@code "Bearer "} in any case, as the auth
     * filter takes it; empty for no header or another scheme.
     */
    public static Optional<String> bearerToken(String authorization) {
        int schemeLength = PREFIX.length() + 1;
        return authorization != null && authorization.regionMatches(true, 0, PREFIX + " ", 0, schemeLength)
                ? Optional.of(authorization.substring(schemeLength)) : Optional.empty();
    }

    /** The answer to a write whose bearer token does not verify, wherever it is refused. */
    public static Response invalidToken() {
        return Response.fromResponse(new BearerUnauthorizedHandler().buildResponse(PREFIX, REALM))
                .header(HttpHeaders.WWW_AUTHENTICATE, null)
                .header(HttpHeaders.WWW_AUTHENTICATE, INVALID_TOKEN_CHALLENGE)
                .build();
    }

    @Override
    public Response buildResponse(String prefix, String realm) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, prefix + " realm=\"" + realm + "\"")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorResponse.of(ErrorCodes.UNAUTHORIZED,
                        "a valid bearer token is required: Authorization: Bearer <jwt> (signed, unexpired)"))
                .build();
    }
}
