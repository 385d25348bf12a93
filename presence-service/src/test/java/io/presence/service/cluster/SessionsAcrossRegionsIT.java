package io.presence.service.cluster;

import static io.presence.service.testing.TestNode.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.presence.api.Presence;
import io.presence.api.PresenceSession;
import io.presence.api.PresenceStatus;
import io.presence.api.SessionList;
import io.presence.service.testing.ForkedNode;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.TestCluster;
import io.presence.service.testing.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One user's sessions written at once through different regions: through two leaves and their hub, and
 * through the three centers of a replicated hub. Every session written must be on every node at the end,
 * and a leaf aggregates from its own replica, also while its hub is gone.
 */
class SessionsAcrossRegionsIT {

    private static final List<String> USERS = List.of("roam-1", "roam-2", "roam-3");
    private static final int BEATS = 10;

    @RegisterExtension
    final NodesExtension nodes = new NodesExtension();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void sessionsWrittenAtOnceThroughTwoLeavesAndTheHubAreAllKeptAndLeavesAggregateWithoutTheHub()
            throws Exception {
        ForkedNode center = nodes.center().fork();
        TestNode leafA = nodes.leaf("leaf-a", center.config().leafnodeUrl()).start();
        TestNode leafB = nodes.leaf("leaf-b", center.config().leafnodeUrl()).start();
        Map<String, Function<String, URI>> regions = Map.of("hub", center::uri, "eu", leafA::uri, "us", leafB::uri);

        writeAtOnce(regions);

        for (Function<String, URI> node : regions.values()) {
            awaitEverySessionOn(node, regions.keySet());
        }
        center.killAll();
        await().atMost(Duration.ofSeconds(10)).until(() -> get(leafA::uri, "/api/v2/presence/roam-1", null)
                .headers().firstValue("X-Presence-Stale").isPresent());
        for (TestNode leaf : List.of(leafA, leafB)) {
            Presence stale = read(get(leaf::uri, "/api/v2/presence/roam-1", null), Presence.class);
            assertThat(stale.status()).isEqualTo(PresenceStatus.BUSY);
            assertThat(stale.sessions()).isEqualTo(3);
        }
    }

    @Test
    void sessionsWrittenAtOnceThroughThreeCentersAreAllKept() throws Exception {
        TestCluster cluster = nodes.cluster();
        List<TestCluster.Center> centers = cluster.centers();
        Map<String, Function<String, URI>> regions = Map.of("c1", centers.get(0)::uri, "c2", centers.get(1)::uri,
                "c3", centers.get(2)::uri);

        writeAtOnce(regions);

        for (Function<String, URI> node : regions.values()) {
            awaitEverySessionOn(node, regions.keySet());
        }
    }

    @Test
    void aLeafAggregatesLapsesAndPrivacyAsItsHubDoes() {
        TestNode center = nodes.center().start();
        TestNode leaf = nodes.leaf("leaf-a", center.leafnodeUrl()).start();
        Function<String, URI> onLeaf = leaf::uri;

        assertThat(put(onLeaf, "lena", "laptop", "{\"status\":\"online\",\"ttlSeconds\":60,"
                + "\"visibility\":\"invisible\"}").statusCode()).isEqualTo(200);
        assertThat(put(onLeaf, "lena", "phone", "{\"status\":\"busy\",\"ttlSeconds\":1}").statusCode())
                .isEqualTo(200);
        for (int device = 0; device < 16; device++) {
            assertThat(put(onLeaf, "lena-many", "d" + device, "{\"status\":\"away\"}").statusCode()).isEqualTo(200);
        }
        assertThat(put(onLeaf, "lena-many", "d16", "{\"status\":\"away\"}").statusCode()).as("the limit, 16")
                .isEqualTo(422);

        for (Function<String, URI> node : List.<Function<String, URI>>of(onLeaf, center::uri)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Presence own = read(get(node, "/api/v2/presence/lena", TestNode.token("lena")), Presence.class);
                assertThat(own.status()).as("the phone lapsed; the laptop decides").isEqualTo(PresenceStatus.ONLINE);
                assertThat(own.sessions()).isEqualTo(1);
            });
            Presence seen = read(get(node, "/api/v2/presence/lena", null), Presence.class);
            assertThat(seen.status()).as("invisible to others").isEqualTo(PresenceStatus.OFFLINE);
            assertThat(seen.sessions()).isZero();
        }
    }

    /** Each region writes its own session of every user, {@value #BEATS} times, all regions at once. */
    private void writeAtOnce(Map<String, Function<String, URI>> regions) {
        ExecutorService pool = Executors.newFixedThreadPool(regions.size());
        try {
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            regions.forEach((session, node) -> writers.add(CompletableFuture.runAsync(() -> {
                for (int beat = 0; beat < BEATS; beat++) {
                    for (String user : USERS) {
                        // The hub's session is busy, so the aggregate tells whether it survived.
                        String status = session.equals("hub") || session.equals("c1") ? "busy" : "online";
                        HttpResponse<String> put = put(node, user, session,
                                "{\"status\":\"" + status + "\",\"ttlSeconds\":3600}");
                        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
                    }
                }
            }, pool)));
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }
    }

    private void awaitEverySessionOn(Function<String, URI> node, java.util.Set<String> sessions) {
        for (String user : USERS) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                SessionList list = read(get(node, "/api/v2/presence/" + user + "/sessions", TestNode.token(user)),
                        SessionList.class);
                assertThat(list.sessions()).extracting(PresenceSession::sessionId)
                        .containsExactlyInAnyOrderElementsOf(sessions);
            });
        }
    }

    private HttpResponse<String> put(Function<String, URI> node, String user, String session, String json) {
        return send(HttpRequest.newBuilder(node.apply("/api/v2/presence/" + user + "/sessions/" + session))
                .header("Authorization", "Bearer " + TestNode.token(user))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> get(Function<String, URI> node, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.apply(path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return TestNode.send(http, request);
    }
}
