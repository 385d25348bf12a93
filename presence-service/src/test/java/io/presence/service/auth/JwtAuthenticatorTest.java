package io.presence.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class JwtAuthenticatorTest {

    private static final SecretKey KEY = Keys.hmacShaKeyFor(
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final SecretKey OTHER_KEY = Keys.hmacShaKeyFor(
            "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final JwtAuthenticator authenticator = new JwtAuthenticator(KEY, null, null, Duration.ZERO, CLOCK);

    private static String token(SecretKey key, String subject, Instant expires) {
        return Jwts.builder().subject(subject).expiration(Date.from(expires)).signWith(key).compact();
    }

    @Test
    void acceptsAValidTokenAndReadsScopes() {
        String token = new TokenIssuer(KEY, null, null, CLOCK).issue("alice", List.of("presence:admin", "x"),
                Duration.ofHours(1));
        PresencePrincipal principal = authenticator.authenticate(token).orElseThrow();
        assertThat(principal.getName()).isEqualTo("alice");
        assertThat(principal.scopes()).containsExactlyInAnyOrder("presence:admin", "x");
        assertThat(principal.mayWrite("bob")).isTrue();
    }

    /** Each refusal says what is wrong in words fit for RFC 6750's error_description (no quote, no backslash). */
    @Test
    void saysWhyATokenIsRefused() {
        String unsigned = Jwts.builder().subject("alice").expiration(Date.from(NOW.plusSeconds(60))).compact();
        String notYet = Jwts.builder().subject("alice").notBefore(Date.from(NOW.plusSeconds(600)))
                .expiration(Date.from(NOW.plusSeconds(900))).signWith(KEY).compact();
        String nobody = Jwts.builder().expiration(Date.from(NOW.plusSeconds(60))).signWith(KEY).compact();
        String wrongIssuer = Jwts.builder().subject("alice").issuer("elsewhere")
                .expiration(Date.from(NOW.plusSeconds(60))).signWith(KEY).compact();
        JwtAuthenticator requiringIssuer = new JwtAuthenticator(KEY, "presence", null, Duration.ZERO, CLOCK);

        assertThat(authenticator.refusal(token(KEY, "alice", NOW.minusSeconds(1))))
                .isEqualTo("the token has expired (exp): get a new one");
        assertThat(authenticator.refusal(notYet))
                .isEqualTo("the token is not valid yet (nbf): check the clocks of its issuer and this node");
        assertThat(authenticator.refusal(token(OTHER_KEY, "alice", NOW.plusSeconds(60))))
                .isEqualTo("the token's signature does not verify with this node's keys");
        assertThat(authenticator.refusal(nobody)).isEqualTo("the token has no sub claim (the user it speaks for)");
        assertThat(authenticator.refusal(unsigned))
                .isEqualTo("the token is not a signed JWT (three base64url parts separated by dots)");
        assertThat(authenticator.refusal("a.b")).startsWith("the token is not a signed JWT");
        assertThat(authenticator.refusal("x".repeat(JwtAuthenticator.MAX_TOKEN_CHARS + 1)))
                .isEqualTo("the token is missing or longer than 8185 characters");
        assertThat(requiringIssuer.refusal(wrongIssuer)).isEqualTo("the token's iss or aud is not the one this node requires");
        assertThat(authenticator.refusal(token(KEY, "alice", NOW.plusSeconds(60)))).as("it verifies").isNull();
    }

    /** Each of jjwt's UnsupportedJwtExceptions said as what it is: the algorithm, a crit header, or the claims. */
    @Test
    void saysWhetherTheAlgorithmTheHeaderOrTheClaimsAreRefused() throws Exception {
        String exp = ",\"exp\":" + NOW.plusSeconds(60).getEpochSecond();
        String algorithm = "the token is not signed with an algorithm this node accepts";
        String claims = "the token's payload is not a claims set this node reads: a JSON object, each claim once,"
                + " exp, nbf and iat in seconds since the epoch";

        assertThat(authenticator.refusal(signed("{\"alg\":\"none\"}", "{\"sub\":\"a\"" + exp + "}"))).isEqualTo(algorithm);
        assertThat(authenticator.refusal(signed("{\"alg\":\"RS256\"}", "{\"sub\":\"a\"" + exp + "}"))).isEqualTo(algorithm);
        assertThat(authenticator.refusal(signed("{\"alg\":\"HS384\"}", "{\"sub\":\"a\"" + exp + "}"))).isEqualTo(algorithm);
        assertThat(authenticator.refusal(signed("{\"alg\":\"HS256\",\"crit\":[\"x\"],\"x\":1}", "{\"sub\":\"a\"" + exp + "}")))
                .isEqualTo("the token's header names critical extensions (crit) this node does not support");
        for (String payload : List.of("{\"sub\":\"a\",\"exp\":\"str\"}", "{\"sub\":\"a\",\"exp\":{}}",
                "{\"sub\":\"a\",\"exp\":1e19}", "{\"sub\":\"a\",\"nbf\":4611686018427387904" + exp + "}",
                "{\"sub\":\"a\",\"sub\":\"b\"" + exp + "}", "not json")) {
            assertThat(authenticator.refusal(hs256(payload))).as(payload).isEqualTo(claims);
        }
    }

    @Test
    void readsScopesFromAnScpList() {
        String token = Jwts.builder().subject("ops").claim("scp", List.of("presence:admin"))
                .expiration(Date.from(NOW.plusSeconds(60))).signWith(KEY).compact();
        assertThat(authenticator.authenticate(token).orElseThrow().mayWrite("anyone")).isTrue();
    }

    @Test
    void scopesAreSeparatedBySpacesAlone() throws Exception {
        String exp = ",\"exp\":" + NOW.plusSeconds(60).getEpochSecond();
        assertThat(authenticator.authenticate(hs256("{\"sub\":\"bob\",\"scope\":\" x  presence:admin \"" + exp + "}"))
                .orElseThrow().scopes()).containsExactlyInAnyOrder("x", "presence:admin");
        for (String separator : List.of("\\t", "\\n", "\\r", "\\f")) {
            String token = hs256("{\"sub\":\"bob\",\"scope\":\"x" + separator + "presence:admin\"" + exp + "}");
            assertThat(authenticator.authenticate(token).orElseThrow().mayWrite("alice")).as(separator).isFalse();
        }
    }

    @Test
    void aUserMayWriteOnlyTheirOwnPresence() {
        PresencePrincipal alice = new PresencePrincipal("alice", Set.of(), null);
        assertThat(alice.mayWrite("alice")).isTrue();
        assertThat(alice.mayWrite("bob")).isFalse();
    }

    @Test
    void rejectsExpiredNotYetValidWrongKeyAndGarbage() {
        assertThat(authenticator.authenticate(token(KEY, "alice", NOW.minusSeconds(1)))).isEmpty();
        assertThat(authenticator.authenticate(token(OTHER_KEY, "alice", NOW.plusSeconds(60)))).isEmpty();
        String notYet = Jwts.builder().subject("alice").notBefore(Date.from(NOW.plusSeconds(60)))
                .signWith(KEY).compact();
        assertThat(authenticator.authenticate(notYet)).isEmpty();
        assertThat(authenticator.authenticate("not.a.jwt")).isEmpty();
        assertThat(authenticator.authenticate("")).isEmpty();
    }

    /** jjwt alone skips characters outside base64url and a last character's unused bits: one token, many spellings. */
    @Test
    void acceptsEachTokenInItsOneSpellingOnly() {
        String token = token(KEY, "alice", NOW.plusSeconds(60));
        assertThat(authenticator.authenticate(token)).isPresent();
        for (String junk : List.of("!!!!!", "=", "~", "%", "*", "\u00e9", "\u00a0", ".", ".x")) {
            assertThat(authenticator.authenticate(token + junk)).as(junk).isEmpty();
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = token.charAt(token.length() - 1);
        // An HS256 signature is 32 bytes, 43 characters: the last one's two low bits are not part of the signature.
        String sameBits = token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
        assertThat(authenticator.authenticate(sameBits)).isEmpty();
        assertThat(authenticator.authenticate(token.replaceFirst("\\.", ".!"))).isEmpty();
        assertThat(authenticator.authenticate(".." + token)).isEmpty();
    }

    @Test
    void rejectsUnsignedAndAlgorithmConfusionTokens() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String payload = b64.encodeToString("{\"sub\":\"alice\",\"scope\":\"presence:admin\"}".getBytes());
        String none = b64.encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + payload + ".";
        assertThat(authenticator.authenticate(none)).isEmpty();

        KeyPair rsa = Jwts.SIG.RS256.keyPair().build();
        String rs256 = Jwts.builder().subject("alice").signWith(rsa.getPrivate()).compact();
        assertThat(authenticator.authenticate(rs256)).isEmpty();
    }

    /**
     * A time claim that is not a number of seconds: read as absent, an {@code exp} of {} or null would never expire;
     * one past what a date in milliseconds holds wraps round ({@code nbf} far ahead would read as long past).
     */
    @Test
    void rejectsTimeClaimsThatAreNotNumbers() throws Exception {
        for (String claim : List.of("exp", "nbf", "iat")) {
            for (String value : List.of("{}", "[]", "\"soon\"", "true", "\"2026-11-28T13:00:00Z\"", "null",
                    "9223372036854776", "-9223372036854776", "1e19")) {
                String token = hs256("{\"sub\":\"alice\",\"" + claim + "\":" + value + "}");
                assertThat(authenticator.authenticate(token)).as(claim + ": " + value).isEmpty();
            }
        }
        assertThat(authenticator.authenticate(hs256("{\"sub\":\"alice\",\"sub\":\"admin\"}"))).as("two subjects")
                .isEmpty();
        assertThat(authenticator.authenticate(hs256("{\"sub\":\"alice\",\"exp\":" + NOW.plusSeconds(60).getEpochSecond()
                + ",\"iat\":" + NOW.getEpochSecond() + ",\"nbf\":" + (NOW.getEpochSecond() - 0.5) + "}"))).isPresent();
    }

    /** A token signed with {@link #KEY} whose payload is exactly {@code payload}, as no JWT builder would write it. */
    private static String hs256(String payload) throws Exception {
        return signed("{\"alg\":\"HS256\"}", payload);
    }

    /** {@code header} and {@code payload} signed with HS256 and {@link #KEY}, whatever the header says. */
    private static String signed(String header, String payload) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(KEY);
        return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void rejectsATokenWithoutSubject() {
        String token = Jwts.builder().claim("scope", "presence:admin").signWith(KEY).compact();
        assertThat(authenticator.authenticate(token)).isEmpty();
    }

    @Test
    void checksIssuerAndAudienceWhenConfigured() {
        JwtAuthenticator strict = new JwtAuthenticator(KEY, "https://id.example", "presence", Duration.ZERO, CLOCK);
        TokenIssuer right = new TokenIssuer(KEY, "https://id.example", "presence", CLOCK);
        TokenIssuer wrong = new TokenIssuer(KEY, "https://evil.example", "presence", CLOCK);
        assertThat(strict.authenticate(right.issue("alice", List.of(), Duration.ofMinutes(1)))).isPresent();
        assertThat(strict.authenticate(wrong.issue("alice", List.of(), Duration.ofMinutes(1)))).isEmpty();
    }

    @Test
    void refusesMissingOrShortSecretsWithAMessageSayingWhatToDo() {
        AuthFactory auth = new AuthFactory();
        auth.setJwtSecret(null);
        assertThatThrownBy(auth::signingKey).hasMessageContaining("JWT_SECRET");
        auth.setJwtSecret("short");
        assertThatThrownBy(auth::signingKey).hasMessageContaining("5 bytes").hasMessageContaining("at least 32");
        auth.setJwtSecret("0123456789abcdef0123456789abcdef");
        assertThat(auth.signingKey().getAlgorithm()).isEqualTo("HmacSHA256");
    }

    @Test
    void aPrincipalIsValidUntilItsTokenExpiresPlusTheSkew() {
        JwtAuthenticator skewed = new JwtAuthenticator(KEY, null, null, Duration.ofSeconds(30), CLOCK);
        assertThat(skewed.authenticate(token(KEY, "alice", NOW.plusSeconds(60))).orElseThrow().validUntil())
                .isEqualTo(NOW.plusSeconds(90));
        String noExpiry = Jwts.builder().subject("alice").signWith(KEY).compact();
        assertThat(skewed.authenticate(noExpiry).orElseThrow().validUntil()).isNull();
    }
}
