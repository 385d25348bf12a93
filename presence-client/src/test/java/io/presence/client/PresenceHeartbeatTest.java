package io.presence.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.presence.api.PresenceStatus;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class PresenceHeartbeatTest {

    @StartStop
    private final MockWebServer server = new MockWebServer();

    @Test
    void keepsBeatingThroughErrorsAndGoesOfflineOnClose() {
        AtomicInteger beats = new AtomicInteger();
        Fixtures.Recording recording = new Fixtures.Recording(request -> {
            int n = beats.incrementAndGet();
            return n == 2 || n == 3 ? Fixtures.error(500, "internal_error") : Fixtures.presence("alice", n);
        });
        server.setDispatcher(recording);
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            PresenceHeartbeat heartbeat = client.heartbeat("alice", PresenceStatus.BUSY, "focus", Duration.ofSeconds(1));
            assertThat(heartbeat.userId()).isEqualTo("alice");
            await().atMost(Duration.ofSeconds(10)).until(() -> heartbeat.lastError().isPresent());
            await().atMost(Duration.ofSeconds(10)).until(() -> beats.get() >= 5 && heartbeat.lastError().isEmpty());
            assertThat(heartbeat.lastPresence()).isPresent();
            heartbeat.close();
            heartbeat.close();
            assertThat(heartbeat.isClosed()).isTrue();
        }
        String last = recording.requests.get(recording.requests.size() - 1).getBody().utf8();
        assertThat(last).isEqualTo("{\"status\":\"offline\"}");
        assertThat(recording.requests.get(0).getBody().utf8())
                .isEqualTo("{\"status\":\"busy\",\"message\":\"focus\",\"ttlSeconds\":1}");
    }

    @Test
    void closingTheClientSetsHeartbeatUsersOffline() {
        server.setDispatcher(new Fixtures.Recording(request -> Fixtures.presence("bob", 1)));
        PresenceHeartbeat heartbeat;
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            heartbeat = client.heartbeat("bob", PresenceStatus.ONLINE, null, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).until(() -> heartbeat.lastPresence().isPresent());
        }
        assertThat(heartbeat.isClosed()).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void rejectsAnOfflineOrSubSecondHeartbeat() {
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            assertThatThrownBy(() -> client.heartbeat("a", PresenceStatus.OFFLINE, null, Duration.ofSeconds(5)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.heartbeat("a", PresenceStatus.ONLINE, null, Duration.ofMillis(500)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void rejectsAMessageNoNodeAcceptsInsteadOfFailingEveryBeat() {
        String emoji = "\uD83D\uDE00"; // one character (code point), two chars in Java
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            assertThatThrownBy(() -> client.heartbeat("a", PresenceStatus.ONLINE, emoji.repeat(257), Duration.ofSeconds(60)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("message must be at most 256 characters (was 257)");
            assertThatThrownBy(() -> client.heartbeat("a", PresenceStatus.ONLINE, "in\na call", Duration.ofSeconds(60)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("message must not contain control characters (newlines, tabs, ...)");
        }
        assertThat(server.getRequestCount()).isZero();
    }
}
