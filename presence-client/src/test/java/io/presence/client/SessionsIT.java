package io.presence.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.presence.api.Presence;
import io.presence.api.PresenceSession;
import io.presence.api.PresenceStatus;
import io.presence.api.Visibility;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions and privacy against a real node: devices side by side, signing out, who sees what. */
class SessionsIT {

    @TempDir
    static Path dir;
    private static RealNode node;
    private static PresenceClient reader;

    @BeforeAll
    static void start() {
        node = new RealNode(dir);
        reader = node.client(null);
    }

    @AfterAll
    static void stop() {
        reader.close();
        node.close();
    }

    @Test
    void twoDevicesAggregateAndEndOneByOne() {
        try (PresenceClient nina = node.client(RealNode.token("nina"))) {
            nina.setSession("nina", "laptop", new StatusUpdate(PresenceStatus.ONLINE, "desk", Duration.ofMinutes(5)));
            Presence both = nina.setSession("nina", "phone", new StatusUpdate(PresenceStatus.BUSY, "call",
                    Duration.ofMinutes(2)));
            assertThat(both.status()).isEqualTo(PresenceStatus.BUSY);
            assertThat(both.sessions()).isEqualTo(2);
            assertThat(nina.sessions("nina").sessions()).extracting(PresenceSession::sessionId)
                    .containsExactly("phone", "laptop");

            Presence laptopOnly = nina.endSession("nina", "phone");
            assertThat(laptopOnly.status()).isEqualTo(PresenceStatus.ONLINE);
            assertThat(laptopOnly.sessions()).isEqualTo(1);
            assertThatThrownBy(() -> nina.endSession("nina", "phone")).isInstanceOf(PresenceNotFoundException.class);

            assertThat(nina.endAllSessions("nina").status()).isEqualTo(PresenceStatus.OFFLINE);
            assertThat(nina.sessions("nina").sessions()).isEmpty();
        }
    }

    @Test
    void onlyTheUserOrAnAdminListsSessions() {
        try (PresenceClient omar = node.client(RealNode.token("omar"));
             PresenceClient other = node.client(RealNode.token("pia"))) {
            omar.setSession("omar", "tablet", StatusUpdate.of(PresenceStatus.AWAY));
            assertThatThrownBy(() -> reader.sessions("omar")).isInstanceOf(PresenceUnauthorizedException.class);
            assertThatThrownBy(() -> other.sessions("omar")).isInstanceOf(PresenceForbiddenException.class);
            assertThatThrownBy(() -> omar.sessions("omar-never-seen")).isInstanceOf(PresenceForbiddenException.class);
            assertThatThrownBy(() -> other.sessions("pia")).isInstanceOf(PresenceNotFoundException.class);
        }
    }

    @Test
    void anInvisibleUserReadsOfflineToOthersAndTrueToThemselves() {
        try (PresenceClient quinn = node.client(RealNode.token("quinn"))) {
            Presence own = quinn.setSession("quinn", "phone", StatusUpdate.of(PresenceStatus.ONLINE, "here")
                    .withVisibility(Visibility.INVISIBLE).withShareLastSeen(false));
            assertThat(own.visibility()).isEqualTo(Visibility.INVISIBLE);
            assertThat(own.shareLastSeen()).isFalse();
            Presence seen = reader.get("quinn").orElseThrow();
            assertThat(seen.status()).isEqualTo(PresenceStatus.OFFLINE);
            assertThat(seen.message()).isNull();
            assertThat(seen.lastSeen()).isNull();
            assertThat(quinn.get("quinn").orElseThrow().status()).isEqualTo(PresenceStatus.ONLINE);

            quinn.set("quinn", StatusUpdate.of(PresenceStatus.BUSY)); // settings kept when not sent
            assertThat(reader.get("quinn").orElseThrow().status()).isEqualTo(PresenceStatus.OFFLINE);
            quinn.set("quinn", StatusUpdate.of(PresenceStatus.BUSY).withVisibility(Visibility.VISIBLE));
            assertThat(reader.get("quinn").orElseThrow().status()).isEqualTo(PresenceStatus.BUSY);
        }
    }

    @Test
    void twoHeartbeatsOfOneUserKeepTheirOwnSessions() {
        try (PresenceClient rosa = node.client(RealNode.token("rosa"))) {
            PresenceHeartbeat first = rosa.heartbeat("rosa", PresenceStatus.ONLINE, null, Duration.ofSeconds(30));
            PresenceHeartbeat second = rosa.heartbeat("rosa", "desktop", new StatusUpdate(PresenceStatus.AWAY, null,
                    Duration.ofSeconds(30)), new HeartbeatListener() { });
            assertThat(rosa.sessions("rosa").sessions()).extracting(PresenceSession::sessionId)
                    .containsExactlyInAnyOrder(first.sessionId(), "desktop");
            first.close();
            assertThat(reader.get("rosa").orElseThrow().status()).isEqualTo(PresenceStatus.AWAY);
            second.close();
            assertThat(reader.get("rosa").orElseThrow().status()).isEqualTo(PresenceStatus.OFFLINE);
        }
    }
}
