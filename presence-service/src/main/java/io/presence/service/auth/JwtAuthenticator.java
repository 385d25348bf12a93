package io.presence.service.auth;

import io.dropwizard.auth.Authenticator;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies HS256 bearer tokens: signature, {@code exp}, {@code nbf}, and {@code iss}/{@code aud} when
 * configured. Unsigned ({@code alg: none}) tokens and tokens for other key types are rejected by jjwt's
 * signed-claims parser. Scopes come from {@code scope} (space separated) or {@code scp} (a list).
 */
public final class JwtAuthenticator implements Authenticator<String, PresencePrincipal> {

    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);

    private final JwtParser parser;

    public JwtAuthenticator(SecretKey key, String issuer, String audience, Duration clockSkew, Clock clock) {
        JwtParserBuilder builder = Jwts.parser()
                .verifyWith(key)
                .clockSkewSeconds(clockSkew.toSeconds())
                .clock(() -> Date.from(clock.instant()));
        if (issuer != null) {
            builder.requireIssuer(issuer);
        }
        if (audience != null) {
            builder.requireAudience(audience);
        }
        this.parser = builder.build();
    }

    @Override
    public Optional<PresencePrincipal> authenticate(String token) {
        try {
            Claims claims = parser.parseSignedClaims(token).getPayload();
            String subject = claims.getSubject();
            if (subject == null || subject.isBlank()) {
                LOG.info("rejected token: no sub claim");
                return Optional.empty();
            }
            return Optional.of(new PresencePrincipal(subject, scopes(claims)));
        } catch (JwtException | IllegalArgumentException e) {
            LOG.info("rejected token: {}", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static Set<String> scopes(Claims claims) {
        Object scope = claims.get("scope");
        if (scope instanceof String text) {
            return Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        }
        Object scp = claims.get("scp");
        if (scp instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.toSet());
        }
        return Set.of();
    }
}
