package io.presence.service.auth;

import io.dropwizard.auth.Authenticator;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SignatureException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies bearer tokens (HS256, RS256, ES256; the key picked by {@link VerificationKeys} from the header):
 * signature, {@code exp}, {@code nbf}, a {@code sub}, and {@code iss}/{@code aud} when configured. Unsigned
 * ({@code alg: none}) tokens are rejected by jjwt's signed-claims parser; tokens longer than
 * {@link #MAX_TOKEN_CHARS} are rejected unparsed. Scopes come from {@code scope} (separated by spaces) or
 * {@code scp} (a list). Log lines name the reason, never the token.
 */
public final class JwtAuthenticator implements Authenticator<String, PresencePrincipal> {

    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);

    /** An 8 KiB {@code Authorization} header, less {@code "Bearer "}. */
    public static final int MAX_TOKEN_CHARS = 8 * 1024 - "Bearer ".length();

    private final Duration clockSkew;
    private final JwtParser parser;
    /** One parser per previous HS256 secret, tried only when the current keys find a bad signature. */
    private final List<JwtParser> previous;

    public JwtAuthenticator(SecretKey key, String issuer, String audience, Duration clockSkew, Clock clock) {
        this(VerificationKeys.hmac(key), issuer, audience, clockSkew, clock);
    }

    public JwtAuthenticator(VerificationKeys keys, String issuer, String audience, Duration clockSkew, Clock clock) {
        this.clockSkew = clockSkew;
        this.parser = parser(keys, issuer, audience, clockSkew, clock);
        this.previous = keys.previousHmacKeys().stream()
                .map(key -> parser(VerificationKeys.hmac(key), issuer, audience, clockSkew, clock)).toList();
    }

    private static JwtParser parser(VerificationKeys keys, String issuer, String audience, Duration clockSkew,
                                    Clock clock) {
        JwtParserBuilder builder = Jwts.parser()
                .json(new NumericDateClaims())
                .keyLocator(keys)
                .clockSkewSeconds(clockSkew.toSeconds())
                .clock(() -> Date.from(clock.instant()));
        if (issuer != null) {
            builder.requireIssuer(issuer);
        }
        if (audience != null) {
            builder.requireAudience(audience);
        }
        return builder.build();
    }

    /** Verifies with the current keys, then (signature mismatch only) with each previous secret. */
    private Claims verify(String token) {
        try {
            return parser.parseSignedClaims(token).getPayload();
        } catch (SignatureException e) {
            for (JwtParser old : previous) {
                try {
                    return old.parseSignedClaims(token).getPayload();
                } catch (SignatureException next) {
                    // try the next previous secret
                }
            }
            throw e;
        }
    }

    @Override
    public Optional<PresencePrincipal> authenticate(String token) {
        if (token == null || token.length() > MAX_TOKEN_CHARS) {
            LOG.debug("rejected token: too long or missing");
            return Optional.empty();
        }
        // "Bearer  <jwt>": the auth filter splits at the first space and leaves the rest to us.
        String compact = token.strip();
        if (!CompactTokens.wellFormed(compact)) {
            LOG.debug("rejected token: not three canonical base64url parts");
            return Optional.empty();
        }
        try {
            Claims claims = verify(compact);
            String subject = claims.getSubject();
            if (subject == null || subject.isBlank()) {
                LOG.debug("rejected token: no sub claim");
                return Optional.empty();
            }
            Date expiration = claims.getExpiration();
            Instant validUntil = expiration == null ? null : expiration.toInstant().plus(clockSkew);
            return Optional.of(new PresencePrincipal(subject, scopes(claims), validUntil));
        } catch (JwtException | IllegalArgumentException e) {
            LOG.debug("rejected token: {}", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static Set<String> scopes(Claims claims) {
        Object scope = claims.get("scope");
        if (scope instanceof String text) {
            // Separated by spaces alone (RFC 6749 3.3): "x<tab>presence:admin" is one scope no one grants.
            return Arrays.stream(text.split(" ")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        }
        Object scp = claims.get("scp");
        if (scp instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.toSet());
        }
        return Set.of();
    }
}
