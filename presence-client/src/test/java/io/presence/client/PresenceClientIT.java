package io.presence.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.presence.api.Presence;
import io.presence.api.PresenceList;
import io.presence.api.PresenceStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresenceClientIT {

    @TempDir
    static Path dir;
    private static RealNode node;
    private static PresenceClient admin;
    private static PresenceClient reader;

    @BeforeAll
    static void start() {
        node = new RealNode(dir);
        admin = node.client(RealNode.token("ops", "presence:admin"));
        reader = node.client(null);
    }

    @AfterAll
    static void stop() {
        admin.close();
        reader.close();
        node.close();
    }

    @Test
    void setThenGetAndGetMany() {
        Presence stored = admin.set("alice", new StatusUpdate(PresenceStatus.BUSY, "in a call", Duration.ofSeconds(60)));
        assertThat(stored.status()).isEqualTo(PresenceStatus.BUSY);
        assertThat(reader.get("alice")).get().extracting(Presence::message).isEqualTo("in a call");
        // the second read revalidates with the ETag and is answered 304 from the cache
        assertThat(reader.get("alice")).get().extracting(Presence::revision).isEqualTo(stored.revision());
        assertThat(reader.get("nobody-here")).isEmpty();

        admin.set("bob", StatusUpdate.of(PresenceStatus.AWAY));
        PresenceList list = reader.getMany(List.of("bob", "ghost", "alice", "bob"));
        assertThat(list.presences()).extracting(Presence::userId).containsExactly("bob", "alice");
        assertThat(list.notFound()).containsExactly("ghost");
        assertThat(reader.getManyAsync(List.of("alice")).join().presences()).hasSize(1);
    }

    @Test
    void setIfMatchDetectsAConflict() {
        Presence first = admin.set("dave", StatusUpdate.of(PresenceStatus.ONLINE));
        Presence second = admin.setIfMatch("dave", StatusUpdate.of(PresenceStatus.AWAY), first.revision());
        assertThat(second.revision()).isGreaterThan(first.revision());
        assertThatThrownBy(() -> admin.setIfMatch("dave", StatusUpdate.of(PresenceStatus.BUSY), first.revision()))
                .isInstanceOf(PresenceConflictException.class);
    }

    @Test
    void setIfAbsentCreatesOnlyOnce() {
        Presence created = admin.setIfAbsent("fern", StatusUpdate.of(PresenceStatus.ONLINE));
        assertThat(created.status()).isEqualTo(PresenceStatus.ONLINE);
        assertThatThrownBy(() -> admin.setIfAbsentAsync("fern", StatusUpdate.of(PresenceStatus.BUSY)).join())
                .hasCauseInstanceOf(PresenceConflictException.class)
                .hasMessageContaining("presence of 'fern' exists (If-None-Match: *)");
        assertThat(admin.get("fern").orElseThrow().revision()).isEqualTo(created.revision());
    }

    @Test
    void clearSetsOffline() {
        admin.set("erin", StatusUpdate.of(PresenceStatus.ONLINE));
        assertThat(admin.clear("erin").status()).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(reader.get("erin")).get().extracting(Presence::status).isEqualTo(PresenceStatus.OFFLINE);
    }

    @Test
    void tokensAreChecked() {
        try (PresenceClient frank = node.client(RealNode.token("frank"));
             PresenceClient bogus = node.client("not-a-jwt")) {
            assertThat(frank.set("frank", StatusUpdate.of(PresenceStatus.ONLINE)).userId()).isEqualTo("frank");
            assertThatThrownBy(() -> frank.set("grace", StatusUpdate.of(PresenceStatus.ONLINE)))
                    .isInstanceOf(PresenceForbiddenException.class);
            assertThatThrownBy(() -> bogus.set("frank", StatusUpdate.of(PresenceStatus.ONLINE)))
                    .isInstanceOfSatisfying(PresenceUnauthorizedException.class,
                            e -> assertThat(e.code()).isEqualTo("unauthorized"));
        }
    }

    @Test
    void watchSeesAChangeMadeByAnotherClient() {
        List<Presence> seen = new CopyOnWriteArrayList<>();
        try (PresenceWatch watch = reader.watch(List.of("carol"), seen::add);
             PresenceClient carol = node.client(RealNode.token("carol"))) {
            carol.set("carol", new StatusUpdate(PresenceStatus.ONLINE, "hello", Duration.ofSeconds(60)));
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream()
                    .anyMatch(p -> "hello".equals(p.message()) && p.status() == PresenceStatus.ONLINE));
            carol.clear("carol");
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream()
                    .anyMatch(p -> p.status() == PresenceStatus.OFFLINE));
            assertThat(watch.lastEventId()).isPresent();
        }
    }

    /** A watch holds its call for good: with more open than OkHttp's default of 5 per host, other calls still run. */
    @Test
    void openWatchesDoNotHoldUpTheClientsOtherCalls() throws Exception {
        List<PresenceWatch> watches = new ArrayList<>();
        AtomicInteger connected = new AtomicInteger();
        try (PresenceClient client = node.client(RealNode.token("gina"))) {
            for (int i = 0; i < 8; i++) {
                watches.add(client.watch(List.of("watched-" + i), new PresenceListener() {
                    @Override
                    public void onPresence(Presence presence) {
                    }

                    @Override
                    public void onConnected() {
                        connected.incrementAndGet();
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> connected.get() == 8);

            Presence stored = client.setAsync("gina", StatusUpdate.of(PresenceStatus.BUSY)).get(10, TimeUnit.SECONDS);
            assertThat(client.getAsync("gina").get(10, TimeUnit.SECONDS)).get().isEqualTo(stored);
            watches.forEach(PresenceWatch::close);
        }
    }

    @Test
    void heartbeatKeepsAUserOnlinePastSeveralTtlsAndGoesOfflineOnClose() {
        PresenceHeartbeat heartbeat = admin.heartbeat("hank", PresenceStatus.ONLINE, "working", Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(5)).until(() -> status("hank") == PresenceStatus.ONLINE);
        // Three TTLs: without the heartbeat the status would have lapsed twice over.
        await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> status("hank") == PresenceStatus.ONLINE);
        heartbeat.close();
        assertThat(status("hank")).isEqualTo(PresenceStatus.OFFLINE);
    }

    private static PresenceStatus status(String user) {
        return reader.get(user).map(Presence::status).orElse(null);
    }
}
