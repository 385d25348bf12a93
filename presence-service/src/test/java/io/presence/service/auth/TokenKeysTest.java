package io.presence.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.util.Duration;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.PublicJwk;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RS256 / ES256 with PEM and JWKS keys, and every way a token is refused. */
class TokenKeysTest {

    private static final SecretKey SECRET = Keys.hmacShaKeyFor(
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final KeyPair RSA = Jwts.SIG.RS256.keyPair().build();
    private static final KeyPair EC = Jwts.SIG.ES256.keyPair().build();
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private static JwtAuthenticator authenticator(VerificationKeys keys) {
        return new JwtAuthenticator(keys, null, null, java.time.Duration.ZERO, CLOCK);
    }

    private static io.jsonwebtoken.JwtBuilder claims(String subject) {
        return Jwts.builder().subject(subject).expiration(Date.from(NOW.plusSeconds(60)));
    }

    @Test
    void verifiesRs256AndEs256WithPemPublicKeys() throws Exception {
        AuthFactory rsaOnly = new AuthFactory();
        rsaOnly.setJwtSecret(null);
        rsaOnly.setPublicKeyFile(write("rsa.pem", pem(RSA.getPublic())).toString());
        JwtAuthenticator rsa = authenticator(rsaOnly.verificationKeys());
        assertThat(rsa.authenticate(claims("alice").signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact()))
                .hasValueSatisfying(p -> assertThat(p.subject()).isEqualTo("alice"));
        // an EC token, an HS256 token, and an RS256 token from another key pair are refused
        assertThat(rsa.authenticate(claims("alice").signWith(EC.getPrivate(), Jwts.SIG.ES256).compact())).isEmpty();
        assertThat(rsa.authenticate(claims("alice").signWith(SECRET, Jwts.SIG.HS256).compact())).isEmpty();
        KeyPair other = Jwts.SIG.RS256.keyPair().build();
        assertThat(rsa.authenticate(claims("alice").signWith(other.getPrivate(), Jwts.SIG.RS256).compact())).isEmpty();
        assertThatThrownBy(rsaOnly::signingKey).hasMessageContaining("can only mint tokens with an HS256 secret");

        AuthFactory ecOnly = new AuthFactory();
        ecOnly.setJwtSecret(null);
        ecOnly.setPublicKeyFile(write("ec.pem", pem(EC.getPublic())).toString());
        JwtAuthenticator ec = authenticator(ecOnly.verificationKeys());
        assertThat(ec.authenticate(claims("bob").signWith(EC.getPrivate(), Jwts.SIG.ES256).compact())).isPresent();
        assertThat(ec.authenticate(claims("bob").signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact())).isEmpty();
    }

    @Test
    void refusesHs256SignedWithThePublicKeyBytes() {
        // The classic confusion attack: the public key, known to everyone, used as an HMAC secret.
        VerificationKeys keys = new VerificationKeys(null, RSA.getPublic(), Map.of());
        SecretKey forged = Keys.hmacShaKeyFor(pem(RSA.getPublic()).getBytes(StandardCharsets.US_ASCII));
        assertThat(authenticator(keys).authenticate(claims("alice").signWith(forged, Jwts.SIG.HS256).compact()))
                .isEmpty();
    }

    @Test
    void choosesJwksKeysByKid() throws Exception {
        KeyPair second = Jwts.SIG.RS256.keyPair().build();
        PublicJwk<?> one = Jwks.builder().key((java.security.interfaces.RSAPublicKey) RSA.getPublic()).id("one")
                .build();
        PublicJwk<?> two = Jwks.builder().key((java.security.interfaces.RSAPublicKey) second.getPublic()).id("two")
                .build();
        PublicJwk<?> ec = Jwks.builder().key((java.security.interfaces.ECPublicKey) EC.getPublic()).id("ec").build();
        AuthFactory auth = new AuthFactory();
        auth.setJwtSecret("0123456789abcdef0123456789abcdef");
        auth.setJwksFile(write("jwks.json", "{\"keys\":[" + Jwks.json(one) + "," + Jwks.json(two) + ","
                + Jwks.json(ec) + "]}").toString());
        JwtAuthenticator authenticator = authenticator(auth.verificationKeys());

        assertThat(authenticator.authenticate(claims("a").header().keyId("two").and()
                .signWith(second.getPrivate(), Jwts.SIG.RS256).compact())).isPresent();
        assertThat(authenticator.authenticate(claims("a").header().keyId("ec").and()
                .signWith(EC.getPrivate(), Jwts.SIG.ES256).compact())).isPresent();
        // the wrong kid, an unknown kid, no kid (no PEM key configured), an RS256 kid naming an EC key
        assertThat(authenticator.authenticate(claims("a").header().keyId("one").and()
                .signWith(second.getPrivate(), Jwts.SIG.RS256).compact())).isEmpty();
        assertThat(authenticator.authenticate(claims("a").header().keyId("nope").and()
                .signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact())).isEmpty();
        assertThat(authenticator.authenticate(claims("a").signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact()))
                .isEmpty();
        assertThat(authenticator.authenticate(claims("a").header().keyId("ec").and()
                .signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact())).isEmpty();
        // the secret still verifies HS256
        assertThat(authenticator.authenticate(claims("a").signWith(SECRET, Jwts.SIG.HS256).compact())).isPresent();
    }

    @Test
    void refusesOtherAlgorithmsExpiredNotYetValidMissingSubjectAndOversizedTokens() {
        JwtAuthenticator authenticator = authenticator(new VerificationKeys(SECRET, RSA.getPublic(), Map.of()));
        SecretKey longer = Keys.hmacShaKeyFor(new byte[64]);
        assertThat(authenticator.authenticate(claims("a").signWith(longer, Jwts.SIG.HS512).compact())).isEmpty();
        assertThat(authenticator.authenticate(claims("a").signWith(RSA.getPrivate(), Jwts.SIG.PS256).compact()))
                .isEmpty();
        assertThat(authenticator.authenticate(Jwts.builder().subject("a").expiration(Date.from(NOW.minusSeconds(1)))
                .signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact())).isEmpty();
        assertThat(authenticator.authenticate(claims("a").notBefore(Date.from(NOW.plusSeconds(5)))
                .signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact())).isEmpty();
        assertThat(authenticator.authenticate(Jwts.builder().expiration(Date.from(NOW.plusSeconds(60)))
                .signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact())).isEmpty();
        assertThat(authenticator.authenticate("a.b.c")).isEmpty();
        assertThat(authenticator.authenticate(null)).isEmpty();

        String big = claims("a").claim("pad", "x".repeat(JwtAuthenticator.MAX_TOKEN_CHARS))
                .signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact();
        assertThat(authenticator.authenticate(big)).isEmpty();
        String fits = claims("a").claim("pad", "x".repeat(1000)).signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact();
        assertThat(authenticator.authenticate(fits)).isPresent();

        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String none = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString("{\"sub\":\"a\"}".getBytes(StandardCharsets.UTF_8)) + ".";
        assertThat(authenticator.authenticate(none)).isEmpty();
    }

    @Test
    void checksIssuerAndAudienceOnPublicKeyTokens() {
        JwtAuthenticator strict = new JwtAuthenticator(new VerificationKeys(null, EC.getPublic(), Map.of()),
                "https://id.example", "presence", java.time.Duration.ZERO, CLOCK);
        assertThat(strict.authenticate(claims("a").issuer("https://id.example").audience().add("presence").and()
                .signWith(EC.getPrivate(), Jwts.SIG.ES256).compact())).isPresent();
        assertThat(strict.authenticate(claims("a").issuer("https://id.example").audience().add("other").and()
                .signWith(EC.getPrivate(), Jwts.SIG.ES256).compact())).isEmpty();
        assertThat(strict.authenticate(claims("a").audience().add("presence").and()
                .signWith(EC.getPrivate(), Jwts.SIG.ES256).compact())).isEmpty();
    }

    @Test
    void refusesNoKeyAndBadKeyFilesWithAMessage() throws Exception {
        AuthFactory auth = new AuthFactory();
        auth.setJwtSecret(null);
        assertThatThrownBy(auth::verificationKeys).hasMessageContaining("JWT_SECRET")
                .hasMessageContaining("auth.publicKeyFile");
        auth.setPublicKeyFile(write("garbage.pem", "hello").toString());
        assertThatThrownBy(auth::verificationKeys).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BEGIN PUBLIC KEY");
        auth.setPublicKeyFile("/nonexistent/issuer.pem");
        assertThatThrownBy(auth::verificationKeys).isInstanceOf(IllegalStateException.class)
                .hasMessage("auth key file /nonexistent/issuer.pem does not exist");
        auth.setPublicKeyFile(write("bad64.pem", "-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----").toString());
        assertThatThrownBy(auth::verificationKeys).hasMessageContaining("base64");
        auth.setPublicKeyFile(write("notakey.pem", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")
                .toString());
        assertThatThrownBy(auth::verificationKeys).hasMessageContaining("neither");
        auth.setPublicKeyFile(null);
        auth.setJwksFile(write("bad.json", "{nope").toString());
        assertThatThrownBy(auth::verificationKeys).hasMessageContaining("not a JWK set");
        auth.setJwksFile(write("none.json", "{\"keys\":[]}").toString());
        assertThatThrownBy(auth::verificationKeys).hasMessageContaining("none.json is not a JWK set: ")
                .hasMessageNotContaining("MalformedKeySetException");
        auth.setJwksFile(write("none.json", "").getParent().toString());
        assertThatThrownBy(auth::verificationKeys)
                .hasMessageEndingWith(write("none.json", "").getParent() + " is a directory, not a key file");
        auth.setJwksFile(write("empty.json", "{\"keys\":[" + Jwks.json(Jwks.builder()
                .key((java.security.interfaces.RSAPublicKey) RSA.getPublic()).build()) + "]}").toString());
        assertThatThrownBy(auth::verificationKeys).hasMessageContaining("no public key with a kid");
        assertThatThrownBy(() -> new VerificationKeys(null, null, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(VerificationKeys.hmac(SECRET).hmacKey()).contains(SECRET);
    }

    /** ${JWT_ISSUER:-} unset gives "": that is no issuer, not one every token would have to name. */
    @Test
    void aBlankIssuerOrAudienceIsUnset() {
        AuthFactory auth = new AuthFactory();
        auth.setIssuer(" ");
        auth.setAudience("");
        assertThat(auth.getIssuer()).isNull();
        assertThat(auth.getAudience()).isNull();
        auth.setIssuer("https://id.example.com");
        assertThat(auth.getIssuer()).isEqualTo("https://id.example.com");
    }

    @Test
    void clockSkewIsAtMostFiveMinutes() {
        Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
        AuthFactory auth = new AuthFactory();
        auth.setClockSkew(Duration.minutes(5));
        assertThat(validator.validate(auth)).isEmpty();
        auth.setClockSkew(Duration.minutes(6));
        assertThat(validator.validate(auth)).extracting(v -> v.getPropertyPath().toString()).containsExactly("clockSkew");
    }

    @Test
    void acceptsTokensOfPreviousSecretsDuringRotation() {
        String oldSecret = "old-secret-0123456789abcdef-0123456789";
        String newSecret = "new-secret-0123456789abcdef-0123456789";
        AuthFactory auth = new AuthFactory();
        auth.setJwtSecret(newSecret);
        auth.setPreviousJwtSecrets(java.util.List.of(oldSecret, ""));
        assertThat(auth.getPreviousJwtSecrets()).hasSize(2);
        JwtAuthenticator authenticator = authenticator(auth.verificationKeys());
        SecretKey oldKey = Keys.hmacShaKeyFor(oldSecret.getBytes(StandardCharsets.UTF_8));
        SecretKey newKey = Keys.hmacShaKeyFor(newSecret.getBytes(StandardCharsets.UTF_8));
        SecretKey otherKey = Keys.hmacShaKeyFor("other-secret-0123456789abcdef-01234567".getBytes(StandardCharsets.UTF_8));
        assertThat(authenticator.authenticate(claims("a").signWith(newKey, Jwts.SIG.HS256).compact())).isPresent();
        assertThat(authenticator.authenticate(claims("a").signWith(oldKey, Jwts.SIG.HS256).compact())).isPresent();
        assertThat(authenticator.authenticate(claims("a").signWith(otherKey, Jwts.SIG.HS256).compact())).isEmpty();
        // an old secret still checks expiry
        assertThat(authenticator.authenticate(Jwts.builder().subject("a").expiration(Date.from(NOW.minusSeconds(1)))
                .signWith(oldKey, Jwts.SIG.HS256).compact())).isEmpty();

        auth.setPreviousJwtSecrets(java.util.List.of("short"));
        assertThatThrownBy(auth::verificationKeys).hasMessageContaining("auth.previousJwtSecrets entry is 5 bytes");
        auth.setPreviousJwtSecrets(java.util.List.of(oldSecret));
        auth.setJwtSecret(null);
        auth.setPublicKeyFile(null);
        assertThatThrownBy(auth::verificationKeys).hasMessageContaining("JWT_SECRET");
        assertThatThrownBy(() -> new VerificationKeys(null, java.util.List.of(oldKey), RSA.getPublic(), Map.of()))
                .hasMessageContaining("need a current one");
    }

    @Test
    void previousSecretsNeedACurrentOne() throws Exception {
        AuthFactory auth = new AuthFactory();
        auth.setJwtSecret(null);
        auth.setPublicKeyFile(write("rsa.pem", pem(RSA.getPublic())).toString());
        auth.setPreviousJwtSecrets(java.util.List.of("old-secret-0123456789abcdef-0123456789"));
        assertThatThrownBy(auth::verificationKeys).hasMessageContaining("needs auth.jwtSecret");
    }
}
