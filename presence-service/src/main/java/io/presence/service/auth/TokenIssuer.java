package io.presence.service.auth;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.crypto.SecretKey;

/** Mints HS256 tokens with the node's secret, for operators and the quickstart. */
public final class TokenIssuer {

    private final SecretKey key;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    public TokenIssuer(SecretKey key, String issuer, String audience, Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    /** A token for {@code subject}, valid for {@code ttl}, with the given scopes (may be empty). */
    public String issue(String subject, List<String> scopes, Duration ttl) {
        Instant now = clock.instant();
        JwtBuilder builder = Jwts.builder()
                .subject(subject)
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(ttl)))
                .signWith(key, Jwts.SIG.HS256);
        if (!scopes.isEmpty()) {
            builder.claim("scope", String.join(" ", scopes));
        }
        if (issuer != null) {
            builder.issuer(issuer);
        }
        if (audience != null) {
            builder.audience().add(audience);
        }
        return builder.compact();
    }
}
