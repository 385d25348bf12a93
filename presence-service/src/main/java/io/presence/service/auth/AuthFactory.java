package io.presence.service.auth;

import io.presence.service.config.ConfigurationRefusedException;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.jsonwebtoken.security.Keys;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;

/**
 * The {@code auth:} section. The HS256 secret comes from {@code auth.jwtSecret}, which defaults to the
 * {@code JWT_SECRET} environment variable so that {@code server} without a config file still works.
 * RS256/ES256 tokens are verified with {@code auth.publicKeyFile} (PEM) or {@code auth.jwksFile}
 * (keys chosen by {@code kid}); a node needs at least one of the three.
 */
public class AuthFactory {

    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    private String jwtSecret = System.getenv("JWT_SECRET");
    @NotNull
    private List<String> previousJwtSecrets = new ArrayList<>();
    private String issuer;
    private String audience;
    private String publicKeyFile;
    private String jwksFile;
    @NotNull
    @MaxDuration(value = 5, unit = TimeUnit.MINUTES)
    private Duration clockSkew = Duration.seconds(30);

    /**
     * Whether reads (one user, the multi-get, the batch, the stream) need no token. {@code false}: every read needs
     * a valid token of any subject and scope (docs/security.md has the trade-off).
     */
    private boolean publicReads = true;

    @JsonProperty
    public String getJwtSecret() {
        return jwtSecret;
    }

    @JsonProperty
    public void setJwtSecret(String jwtSecret) {
        this.jwtSecret = jwtSecret;
    }

    /** Secrets being rotated out: HS256 tokens signed with them still verify; blank entries are ignored. */
    @JsonProperty
    public List<String> getPreviousJwtSecrets() {
        return previousJwtSecrets;
    }

    @JsonProperty
    public void setPreviousJwtSecrets(List<String> previousJwtSecrets) {
        this.previousJwtSecrets = previousJwtSecrets;
    }

    @JsonProperty
    public String getIssuer() {
        return issuer;
    }

    @JsonProperty
    public void setIssuer(String issuer) {
        // Blank is unset, as ${JWT_ISSUER:-} gives it: requiring an empty iss would refuse every token.
        this.issuer = issuer == null || issuer.isBlank() ? null : issuer;
    }

    @JsonProperty
    public String getAudience() {
        return audience;
    }

    @JsonProperty
    public void setAudience(String audience) {
        this.audience = audience == null || audience.isBlank() ? null : audience;
    }

    @JsonProperty
    public String getPublicKeyFile() {
        return publicKeyFile;
    }

    @JsonProperty
    public void setPublicKeyFile(String publicKeyFile) {
        this.publicKeyFile = publicKeyFile;
    }

    @JsonProperty
    public String getJwksFile() {
        return jwksFile;
    }

    @JsonProperty
    public void setJwksFile(String jwksFile) {
        this.jwksFile = jwksFile;
    }

    @JsonProperty
    public boolean isPublicReads() {
        return publicReads;
    }

    @JsonProperty
    public void setPublicReads(boolean publicReads) {
        this.publicReads = publicReads;
    }

    @JsonProperty
    public Duration getClockSkew() {
        return clockSkew;
    }

    @JsonProperty
    public void setClockSkew(Duration clockSkew) {
        this.clockSkew = clockSkew;
    }

    /**
     * The node's token check: JWT verification with the configured keys, behind a cache of verified tokens
     * (a device's heartbeats would otherwise each pay for a signature check).
     */
    public BearerTokens build(VerificationKeys keys, Clock clock, MetricRegistry metrics) {
        JwtAuthenticator verifier = new JwtAuthenticator(keys, issuer, audience, clockSkew.toJavaDuration(), clock);
        return new BearerTokens(VerifiedTokens.cache(verifier, clock, metrics), verifier::refusal);
    }

    /**
     * Every configured verification key, or an exception that says what to change. Called at start-up
     * and by {@code check}: a node never runs without a key, with a weak secret, or with an unreadable key file.
     */
    @JsonIgnore
    public VerificationKeys verificationKeys() {
        boolean hasSecret = jwtSecret != null && !jwtSecret.isBlank();
        if (!hasSecret && publicKeyFile == null && jwksFile == null) {
            throw new ConfigurationRefusedException("no token key: set the JWT_SECRET environment variable (auth.jwtSecret, "
                    + "at least " + MIN_SECRET_BYTES + " bytes, e.g. `openssl rand -base64 48`), "
                    + "or auth.publicKeyFile / auth.jwksFile for RS256/ES256 tokens");
        }
        try {
            PublicKey publicKey = publicKeyFile == null ? null : VerificationKeys.readPemPublicKey(Path.of(publicKeyFile));
            Map<String, PublicKey> jwks = jwksFile == null ? Map.of() : VerificationKeys.readJwks(Path.of(jwksFile));
            List<SecretKey> previous = new ArrayList<>();
            for (String secret : previousJwtSecrets) {
                if (secret != null && !secret.isBlank()) {
                    previous.add(hmacKey(secret, "auth.previousJwtSecrets entry"));
                }
            }
            if (!hasSecret && !previous.isEmpty()) {
                throw new ConfigurationRefusedException("auth.previousJwtSecrets needs auth.jwtSecret (the new secret)");
            }
            return new VerificationKeys(hasSecret ? signingKey() : null, previous, publicKey, jwks);
        } catch (NoSuchFileException e) {
            throw new ConfigurationRefusedException("auth key file " + e.getFile() + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new ConfigurationRefusedException("auth key file " + e.getFile() + " is not readable by the user the node runs"
                    + " as (" + System.getProperty("user.name") + ")", e);
        } catch (IOException e) {
            throw new ConfigurationRefusedException("auth key file: " + e.getMessage(), e);
        }
    }

    /**
     * The HS256 key for minting and verifying, or an exception that says what to change: a node never
     * runs with a weak secret, and the {@code token} command mints only with a secret.
     */
    @JsonIgnore
    public SecretKey signingKey() {
        if (jwtSecret == null || jwtSecret.isBlank()) {
            throw new ConfigurationRefusedException("auth.jwtSecret is not set: this node can only mint tokens with an HS256 "
                    + "secret; set the JWT_SECRET environment variable (at least " + MIN_SECRET_BYTES
                    + " bytes, e.g. `openssl rand -base64 48`), or mint RS256/ES256 tokens with your identity provider");
        }
        return hmacKey(jwtSecret, "auth.jwtSecret");
    }

    private static SecretKey hmacKey(String secret, String what) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new ConfigurationRefusedException(what + " is " + bytes.length + " bytes; HS256 needs at least "
                    + MIN_SECRET_BYTES + " (e.g. `openssl rand -base64 48`)");
        }
        return Keys.hmacShaKeyFor(bytes);
    }
}
