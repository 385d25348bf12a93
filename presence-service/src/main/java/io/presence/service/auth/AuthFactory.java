package io.presence.service.auth;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.jsonwebtoken.security.Keys;
import jakarta.validation.constraints.NotNull;
import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;

/**
 * The {@code auth:} section. The HS256 secret comes from {@code auth.jwtSecret}, which defaults to the
 * {@code JWT_SECRET} environment variable so that {@code server} without a config file still works.
 */
public class AuthFactory {

    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    private String jwtSecret = System.getenv("JWT_SECRET");
    private String issuer;
    private String audience;
    @NotNull
    private Duration clockSkew = Duration.seconds(30);

    @JsonProperty
    public String getJwtSecret() {
        return jwtSecret;
    }

    @JsonProperty
    public void setJwtSecret(String jwtSecret) {
        this.jwtSecret = jwtSecret;
    }

    @JsonProperty
    public String getIssuer() {
        return issuer;
    }

    @JsonProperty
    public void setIssuer(String issuer) {
        this.issuer = issuer;
    }

    @JsonProperty
    public String getAudience() {
        return audience;
    }

    @JsonProperty
    public void setAudience(String audience) {
        this.audience = audience;
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
     * The signing key, or an exception that says what to change. Called at start-up: a node never
     * runs with a missing or weak secret.
     */
    @JsonIgnore
    public SecretKey signingKey() {
        if (jwtSecret == null || jwtSecret.isBlank()) {
            throw new IllegalStateException("auth.jwtSecret is not set: set the JWT_SECRET environment variable "
                    + "(at least " + MIN_SECRET_BYTES + " bytes, e.g. `openssl rand -base64 48`)");
        }
        byte[] bytes = jwtSecret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("auth.jwtSecret is " + bytes.length + " bytes; HS256 needs at least "
                    + MIN_SECRET_BYTES + " (e.g. `openssl rand -base64 48`)");
        }
        return Keys.hmacShaKeyFor(bytes);
    }
}
