package io.presence.service.auth;

import io.dropwizard.auth.AuthenticationException;
import io.dropwizard.auth.Authenticator;
import io.presence.service.errors.Problem;
import io.presence.service.errors.ProblemException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Who sent a request: the principal of its {@code Authorization: Bearer} token, checked by the node's
 * (caching) authenticator. The one token check of the API, for writes and for the read limit's exemption.
 */
public final class BearerTokens {

    private static final String SCHEME = "Bearer ";

    private final Authenticator<String, PresencePrincipal> tokens;
    private final UnaryOperator<String> refusals;

    /**
     * @param tokens   the node's (caching) check of a token
     * @param refusals why a token {@code tokens} refused does not verify ({@link JwtAuthenticator#refusal})
     */
    public BearerTokens(Authenticator<String, PresencePrincipal> tokens, UnaryOperator<String> refusals) {
        this.tokens = tokens;
        this.refusals = refusals;
    }

    /** The caller, who must have sent a token that verifies; else a 401 problem saying what was wrong with it. */
    public PresencePrincipal required(String authorization) {
        Optional<String> token = token(authorization);
        return token.flatMap(this::verified).orElseThrow(() -> new ProblemException(
                new Problem.Unauthorized(token.map(refused -> Objects.requireNonNullElse(refusals.apply(refused),
                        "the token did not verify")).orElse(null))));
    }

    /** The caller, when the request carries a token that verifies; reads are public, so none is no error. */
    public Optional<PresencePrincipal> optional(String authorization) {
        return token(authorization).flatMap(this::verified);
    }

    /** The token after {@code "Bearer "} in any case, as RFC 6750 takes it; empty for no header or another scheme. */
    static Optional<String> token(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                ? Optional.of(authorization.substring(SCHEME.length())) : Optional.empty();
    }

    private Optional<PresencePrincipal> verified(String token) {
        try {
            return tokens.authenticate(token);
        } catch (AuthenticationException e) {
            // The verifier failed rather than refused the token (it does not throw for a bad token).
            throw new IllegalStateException("token verification failed", e);
        }
    }
}
