package io.presence.client;

import io.dropwizard.testing.DropwizardTestSupport;
import io.jsonwebtoken.security.Keys;
import io.presence.service.PresenceApplication;
import io.presence.service.PresenceConfiguration;
import io.presence.service.auth.TokenIssuer;
import io.presence.service.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A real Presence center for integration tests: the service in-process on OS-chosen HTTP ports with
 * its embedded nats-server on free ports and its own data directory.
 */
public final class RealNode implements AutoCloseable {

    /** Turns the node's token buckets off: the default 60 writes a minute per subject would fail a bench. */
    public static final String NO_RATE_LIMITS = """
            rateLimit:
              enabled: false
            """;

    private static final String SECRET = "sdk-integration-test-secret-0123456789abcdef";

    private final DropwizardTestSupport<PresenceConfiguration> support;

    public RealNode(Path dir) {
        this(dir, "");
    }

    /**
     * A node whose config is the defaults below plus {@code extraYaml} at the top level, e.g.
     * {@link #NO_RATE_LIMITS} for a load test.
     */
    public RealNode(Path dir, String extraYaml) {
        this(dir, "1s", extraYaml);
    }

    /**
     * As above, with the node's {@code presence.minTtl} (1 s otherwise, so tests may beat fast), e.g. the
     * default 5 s to see a shorter TTL refused.
     */
    public RealNode(Path dir, String minTtl, String extraYaml) {
        Path config = dir.resolve("node.yml");
        String yaml = """
                node:
                  id: test-center
                nats:
                  dataDir: %s
                  clientPort: %d
                  monitorPort: %d
                  leafnodePort: %d
                presence:
                  minTtl: %s
                  expiryCheckInterval: 50ms
                auth:
                  jwtSecret: %s
                server:
                  applicationConnectors:
                    - type: http
                      port: 0
                  adminConnectors:
                    - type: http
                      port: 0
                  requestLog:
                    appenders: []
                logging:
                  level: WARN
                """.formatted(dir.resolve("nats-data"), FreePorts.next(), FreePorts.next(), FreePorts.next(), minTtl, SECRET) + extraYaml;
        try {
            Files.writeString(config, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        support = new DropwizardTestSupport<>(PresenceApplication.class, config.toString());
        try {
            support.before();
        } catch (Exception e) {
            throw new IllegalStateException("node did not start with config:\n" + yaml, e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + support.getLocalPort();
    }

    public static String token(String subject, String... scopes) {
        return new TokenIssuer(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8)), null, null,
                Clock.systemUTC()).issue(subject, List.of(scopes), Duration.ofMinutes(10));
    }

    /** The node's admin port (health checks, metrics). */
    public String adminUrl() {
        return "http://127.0.0.1:" + support.getAdminPort();
    }

    public PresenceClient client(String token) {
        PresenceClientOptions.Builder options = PresenceClientOptions.builder().baseUrl(baseUrl());
        if (token != null) {
            options.token(token);
        }
        return PresenceClient.create(options.build());
    }

    @Override
    public void close() {
        support.after();
    }
}
