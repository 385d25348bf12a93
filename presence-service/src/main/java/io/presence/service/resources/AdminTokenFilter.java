package io.presence.service.resources;

import io.presence.service.auth.BearerTokens;
import io.presence.service.auth.PresencePrincipal;
import io.presence.service.errors.Problem;
import io.presence.service.errors.ProblemException;
import io.presence.service.errors.SafeText;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * The token check of {@link AdminOnly} methods: 401 without a token that verifies ({@link BearerTokens}, the one
 * token check), 403 for one without the scope {@code presence:admin}. It runs once Jersey has matched the
 * method (a request no method takes, by its method, {@code Accept} or {@code Content-Type}, is a 405, 406 or
 * 415 first), before any other filter and before the body is read.
 */
@AdminOnly
@Priority(Priorities.AUTHENTICATION)
public final class AdminTokenFilter implements ContainerRequestFilter {

    private final BearerTokens tokens;

    public AdminTokenFilter(BearerTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        PresencePrincipal caller = tokens.required(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (!caller.isAdmin()) {
            throw new ProblemException(Problem.Rejected.of(403, "token subject '" + SafeText.echo(caller.subject())
                    + "' may not export or import presences: that needs the scope " + PresencePrincipal.ADMIN_SCOPE));
        }
    }
}
