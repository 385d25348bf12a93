package io.presence.service.auth;

import io.dropwizard.auth.Authenticator;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
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
    /** How jjwt begins its refusal of {@code "alg":"none"}, and how it names the header of its crit refusal. */
    private static final String UNSECURED = "Unsecured JWSs";
    private static final String CRITICAL_HEADER = "'crit' (Critical)";

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
        return Optional.ofNullable(check(token).principal());
    }

    /**
     * Why {@code token} does not verify, in words a client can act on and safe in a {@code WWW-Authenticate}
     * header (RFC 6750's {@code error_description}: no quotes, no backslashes); null when it verifies. Asked only
     * for a token {@link #authenticate} refused, so a refusal costs a second check, and a success nothing more.
     */
    public String refusal(String token) {
        return check(token).refusal();
    }

    /** The principal of a token that verifies, else why it does not. */
    private record Verdict(PresencePrincipal principal, String refusal) {
        static Verdict refused(String why) {
            return new Verdict(null, why);
        }
    }

    private Verdict check(String token) {
        if (token == null || token.length() > MAX_TOKEN_CHARS) {
            LOG.debug("rejected token: too long or missing");
            return Verdict.refused("the token is missing or longer than " + MAX_TOKEN_CHARS + " characters");
        }
        // "Bearer  <jwt>": the auth filter splits at the first space and leaves the rest to us.
        String compact = token.strip();
        if (!CompactTokens.wellFormed(compact)) {
            LOG.debug("rejected token: not three canonical base64url parts");
            return Verdict.refused("the token is not a signed JWT (three base64url parts separated by dots)");
        }
        try {
            Claims claims = verify(compact);
            String subject = claims.getSubject();
            if (subject == null || subject.isBlank()) {
                LOG.debug("rejected token: no sub claim");
                return Verdict.refused("the token has no sub claim (the user it speaks for)");
            }
            Date expiration = claims.getExpiration();
            Instant validUntil = expiration == null ? null : expiration.toInstant().plus(clockSkew);
            return new Verdict(new PresencePrincipal(subject, scopes(claims), validUntil), null);
        } catch (JwtException | IllegalArgumentException e) {
            LOG.debug("rejected token: {}", e.getClass().getSimpleName());
            return Verdict.refused(refusalOf(e));
        }
    }

    /** jjwt's refusal in a client's words: the kind of failure, never the token's contents. */
    private static String refusalOf(RuntimeException e) {
        if (e instanceof ExpiredJwtException) {
            return "the token has expired (exp): get a new one";
        }
        if (e instanceof PrematureJwtException) {
            return "the token is not valid yet (nbf): check the clocks of its issuer and this node";
        }
        if (e instanceof SignatureException) {
            return "the token's signature does not verify with this node's keys";
        }
        if (e instanceof MissingClaimException || e instanceof IncorrectClaimException) {
            return "the token's iss or aud is not the one this node requires";
        }
        if (e instanceof VerificationKeys.AlgorithmNotAccepted || e instanceof UnsupportedJwtException
                && String.valueOf(e.getMessage()).startsWith(UNSECURED)) {
            return "the token is not signed with an algorithm this node accepts";
        }
        if (e instanceof UnsupportedJwtException && String.valueOf(e.getMessage()).contains(CRITICAL_HEADER)) {
            return "the token's header names critical extensions (crit) this node does not support";
        }
        if (e instanceof UnsupportedJwtException) {
            // jjwt's word for a signed payload it could not read as claims (NumericDateClaims refused them).
            return "the token's payload is not a claims set this node reads: a JSON object, each claim once,"
                    + " exp, nbf and iat in seconds since the epoch";
        }
        return "the token is not a valid signed JWT";
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
