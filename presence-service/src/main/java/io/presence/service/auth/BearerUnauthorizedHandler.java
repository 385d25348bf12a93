package io.presence.service.auth;

import io.dropwizard.auth.UnauthorizedHandler;
import io.presence.api.ErrorCodes;
import io.presence.api.ErrorResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** 401 in the API's error shape, with the {@code WWW-Authenticate: Bearer} challenge. */
public final class BearerUnauthorizedHandler implements UnauthorizedHandler {

    /** The authentication scheme, as the auth filter matches it (case-insensitively). */
    public static final String PREFIX = "Bearer";
    public static final String REALM = "presence";

    /** The answer to a write without a token that verifies, wherever it is refused. */
    public static Response refusal() {
        return new BearerUnauthorizedHandler().buildResponse(PREFIX, REALM);
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
