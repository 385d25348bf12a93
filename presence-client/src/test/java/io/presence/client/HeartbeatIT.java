package io.presence.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonwebtoken.security.Keys;
import io.presence.api.PresenceStatus;
import io.presence.service.auth.TokenIssuer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first beat's failures, as a real node answers them: thrown by {@code heartbeat(...)} itself. */
class HeartbeatIT {

    @TempDir
    static Path dir;
    private static RealNode node;

    @BeforeAll
    static void start() {
        node = new RealNode(dir, "5s", ""); // the default minimum TTL
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aTtlBelowTheServersMinimumIsThrownNotRetriedForEver() {
        try (PresenceClient ivy = node.client(RealNode.token("ivy"))) {
            assertThatThrownBy(() -> ivy.heartbeat("ivy", PresenceStatus.ONLINE, null, Duration.ofSeconds(2)))
                    .isInstanceOfSatisfying(PresenceValidationException.class, e -> {
                        assertThat(e.status()).isEqualTo(422);
                        assertThat(e.details()).extracting(d -> d.field()).containsExactly("ttlSeconds");
                    });
            assertThat(ivy.get("ivy")).isEmpty();
        }
    }

    @Test
    void aTokenSignedWithAnotherKeyIsThrown() {
        String wrongKey = new TokenIssuer(Keys.hmacShaKeyFor("another-secret-entirely-0123456789abcdef"
                .getBytes(StandardCharsets.UTF_8)), null, null, Clock.systemUTC())
                .issue("jack", List.of(), Duration.ofMinutes(10));
        try (PresenceClient jack = node.client(wrongKey)) {
            assertThatThrownBy(() -> jack.heartbeat("jack", PresenceStatus.ONLINE, null, Duration.ofSeconds(60)))
                    .isInstanceOf(PresenceUnauthorizedException.class);
        }
    }

    @Test
    void anotherUsersTokenIsThrown() {
        try (PresenceClient kate = node.client(RealNode.token("kate"))) {
            assertThatThrownBy(() -> kate.heartbeat("liam", PresenceStatus.ONLINE, null, Duration.ofSeconds(60)))
                    .isInstanceOf(PresenceForbiddenException.class);
        }
    }

    @Test
    void aTtlWithinTheServersRangeBeats() {
        try (PresenceClient mia = node.client(RealNode.token("mia"));
             PresenceHeartbeat heartbeat = mia.heartbeat("mia", PresenceStatus.AWAY, "back soon", Duration.ofSeconds(5))) {
            assertThat(heartbeat.state()).isEqualTo(PresenceHeartbeat.State.RUNNING);
            assertThat(mia.get("mia")).get().satisfies(p -> {
                assertThat(p.status()).isEqualTo(PresenceStatus.AWAY);
                assertThat(p.ttlSeconds()).isEqualTo(5L);
            });
        }
    }
}
