package io.presence.service.auth;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Tells a client whose bearer token was refused that the token is the problem:
 * {@code error="invalid_token"} in the 401's challenge (RFC 6750 §3.1), which the auth filter's
 * handler cannot add itself, as it is not told whether a token was sent.
 */
@Priority(Priorities.AUTHENTICATION)
public final class InvalidTokenChallengeFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() == 401 && BearerUnauthorizedHandler
                .bearerToken(request.getHeaderString(HttpHeaders.AUTHORIZATION)).isPresent()) {
            response.getHeaders().putSingle(HttpHeaders.WWW_AUTHENTICATE,
                    BearerUnauthorizedHandler.INVALID_TOKEN_CHALLENGE);
        }
    }
}
