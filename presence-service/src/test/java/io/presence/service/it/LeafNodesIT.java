package io.presence.service.it;

import static io.presence.service.testing.TestNode.read;
import static io.presence.service.testing.TestNode.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatcher;
import io.presence.api.Presence;
import io.presence.api.PresenceStatus;
import io.presence.service.testing.ContractValidator;
import io.presence.service.testing.ForkedNode;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.SseClient;
import io.presence.service.testing.TestNode;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A center and two leaves, each with its own embedded nats-server, joined by leafnode links. */
class LeafNodesIT {

    @RegisterExtension
    final NodesExtension nodes = new NodesExtension();

    private TestNode leaf(String id, String hubUrl) {
        return nodes.leaf(id, hubUrl).start();
    }

    private static Presence presenceOn(TestNode node, String userId) {
        HttpResponse<String> get = node.get("/api/v2/presence/" + userId);
        return get.statusCode() == 200 ? read(get, Presence.class) : null;
    }

    private static boolean hasRevision(TestNode node, String userId, long revision) {
        Presence presence = presenceOn(node, userId);
        return presence != null && presence.revision() >= revision;
    }

    @Test
    void aWriteOnOneLeafReachesTheOtherLeafAndTheCenter() throws Exception {
        TestNode center = nodes.center().start();
        TestNode leafA = leaf("leaf-a", center.leafnodeUrl());
        TestNode leafB = leaf("leaf-b", center.leafnodeUrl());

        // What arrives in leaf B's mirror, watched directly on B's nats-server.
        Set<String> arrived = ConcurrentHashMap.newKeySet();
        Connection natsB = nodes.closeAfter(Nats.connect(leafB.natsUrl()));
        natsB.keyValue("presence").watchAll(new KeyValueWatcher() {
            @Override
            public void watch(KeyValueEntry entry) {
                arrived.add(entry.getKey() + "@" + entry.getRevision());
            }

            @Override
            public void endOfData() {
            }
        });

        Set<String> acked = new HashSet<>();
        Presence last = null;
        for (int i = 0; i < 200; i++) {
            String userId = "prop-" + (i % 20);
            HttpResponse<String> put = leafA.put(userId, "{\"status\":\"online\",\"ttlSeconds\":3600}");
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            last = read(put, Presence.class);
            assertThat(last.nodeId()).isEqualTo("leaf-a");
            acked.add(userId + "@" + last.revision());
        }
        Presence lastWrite = last;
        await().atMost(Duration.ofSeconds(10)).until(() -> arrived.containsAll(acked));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                hasRevision(leafB, lastWrite.userId(), lastWrite.revision())
                        && hasRevision(center, lastWrite.userId(), lastWrite.revision()));
    }

    @Test
    void leavesServeStaleReadsAndRefuseWritesWhileTheCenterIsDownThenRecover() throws Exception {
        ForkedNode center = nodes.center().fork();
        TestNode leafA = leaf("leaf-a", center.config().leafnodeUrl());
        TestNode leafB = leaf("leaf-b", center.config().leafnodeUrl());
        List<Presence> acknowledged = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            TestNode via = i % 2 == 0 ? leafA : leafB;
            HttpResponse<String> put = via.put("outage-" + i, "{\"status\":\"busy\",\"ttlSeconds\":3600}");
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            acknowledged.add(read(put, Presence.class));
        }

        center.killAll();

        for (TestNode leaf : List.of(leafA, leafB)) {
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    leaf.get("/api/v2/presence/outage-0").headers().firstValue("X-Presence-Stale").isPresent());
            HttpResponse<String> read = leaf.get("/api/v2/presence/outage-1");
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.headers().firstValue("X-Presence-Stale")).hasValue("true");
            try (SseClient stream = SseClient.open(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .build(), leaf.uri("/api/v2/presence/stream?users=outage-1"))) {
                await().atMost(Duration.ofSeconds(5)).until(() -> !stream.events().isEmpty());
                assertThat(stream.header("X-Presence-Stale")).hasValue("true");
            }
            HttpResponse<String> write = leaf.put("outage-0", "{\"status\":\"online\"}");
            assertThat(write.statusCode()).as(write.body()).isEqualTo(503);
            assertThat(write.headers().firstValue("Retry-After")).isPresent();
            assertThat(write.body()).contains("\"code\":\"unavailable\"");
            HttpResponse<String> health = leaf.send(HttpRequest.newBuilder(leaf.adminUri("/healthcheck")).GET());
            assertThat(health.statusCode()).isEqualTo(500);
            assertThat(health.body()).contains("hub unreachable");
        }

        center.start();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() ->
                leafA.put("outage-0", "{\"status\":\"online\"}").statusCode() == 200);

        HttpClient http = HttpClient.newHttpClient();
        for (Presence before : acknowledged.subList(1, acknowledged.size())) {
            String path = "/api/v2/presence/" + before.userId();
            HttpResponse<String> onCenter = ContractValidator.check(http.send(
                    HttpRequest.newBuilder(center.uri(path)).build(), HttpResponse.BodyHandlers.ofString()));
            assertThat(read(onCenter, Presence.class).revision()).isEqualTo(before.revision());
            for (TestNode leaf : List.of(leafA, leafB)) {
                await().atMost(Duration.ofSeconds(5)).until(() -> {
                    HttpResponse<String> get = leaf.get(path);
                    return get.statusCode() == 200 && get.headers().firstValue("X-Presence-Stale").isEmpty()
                            && read(get, Presence.class).revision() == before.revision();
                });
            }
        }
    }

    @Test
    void aKilledLeafCatchesUpWhenItReturns() throws Exception {
        TestNode center = nodes.center().start();
        TestNode leafA = leaf("leaf-a", center.leafnodeUrl());
        ForkedNode leafB = nodes.leaf("leaf-b", center.leafnodeUrl()).fork();
        assertThat(leafA.put("catch-a", "{\"status\":\"online\"}").statusCode()).isEqualTo(200);

        leafB.killAll();
        Presence onCenter = read(center.put("catch-c", "{\"status\":\"away\",\"message\":\"while B was down\"}"),
                Presence.class);
        Presence onLeafA = read(leafA.put("catch-a", "{\"status\":\"busy\"}"), Presence.class);

        leafB.start();
        HttpClient http = HttpClient.newHttpClient();
        for (Presence expected : List.of(onCenter, onLeafA)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                HttpResponse<String> get = ContractValidator.check(http.send(HttpRequest.newBuilder(
                        leafB.uri("/api/v2/presence/" + expected.userId())).build(),
                        HttpResponse.BodyHandlers.ofString()));
                return get.statusCode() == 200 && read(get, Presence.class).equals(expected);
            });
        }
    }

    @Test
    void concurrentConditionalWritesFromTwoLeavesHaveExactlyOneWinner() throws Exception {
        TestNode center = nodes.center().start();
        TestNode leafA = leaf("leaf-a", center.leafnodeUrl());
        TestNode leafB = leaf("leaf-b", center.leafnodeUrl());
        for (int round = 0; round < 10; round++) {
            String userId = "race-" + round;
            Presence base = read(center.put(userId, "{\"status\":\"online\"}", token("ops", "presence:admin")),
                    Presence.class);
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    hasRevision(leafA, userId, base.revision()) && hasRevision(leafB, userId, base.revision()));
            String ifMatch = "\"" + base.revision() + "\"";
            CompletableFuture<HttpResponse<String>> fromA = CompletableFuture.supplyAsync(() ->
                    leafA.put(userId, "{\"status\":\"away\"}", token(userId), "If-Match", ifMatch));
            CompletableFuture<HttpResponse<String>> fromB = CompletableFuture.supplyAsync(() ->
                    leafB.put(userId, "{\"status\":\"busy\"}", token(userId), "If-Match", ifMatch));
            List<Integer> statuses = List.of(fromA.join().statusCode(), fromB.join().statusCode());
            assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(200, 412);
            PresenceStatus winner = statuses.get(0) == 200 ? PresenceStatus.AWAY : PresenceStatus.BUSY;
            await().atMost(Duration.ofSeconds(5)).until(() -> presenceOn(center, userId).status() == winner);
        }
    }

    /**
     * A new leaf's mirror stops at a record stored by a compare-and-set whose expected revision it never had
     * (nats-server 2.9 checks that header again when a mirror copies the record), and retries it for ever. The leaf
     * says so in its health, and creates its mirror again, which passes once the user was written plainly since.
     */
    @Test
    void aMirrorStoppedAtAConditionalWriteItNeverHadIsCreatedAgain() throws Exception {
        TestNode center = nodes.center().start();
        Presence first = read(center.put("cas-user", "{\"status\":\"online\"}"), Presence.class);
        HttpResponse<String> conditional = center.put("cas-user", "{\"status\":\"busy\"}", token("cas-user"),
                "If-Match", "\"" + first.revision() + "\"");
        assertThat(conditional.statusCode()).as(conditional.body()).isEqualTo(200);
        assertThat(center.put("after-cas", "{\"status\":\"away\"}").statusCode()).isEqualTo(200);

        TestNode leaf = leaf("leaf-a", center.leafnodeUrl());
        await().atMost(Duration.ofSeconds(10)).until(() -> leaf.send(HttpRequest.newBuilder(leaf.adminUri("/metrics")))
                .body().matches("(?s).*\"kv\\.mirror\\.lag\":\\{\"value\":[1-9].*"));
        // The mirror does not get past that record by itself even once it is gone from the hub (docs/operations.md).
        Presence plain = read(center.put("cas-user", "{\"status\":\"away\"}"), Presence.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> leaf.send(HttpRequest.newBuilder(
                leaf.adminUri("/healthcheck"))).body().contains("the mirror has stopped following it"));
        assertThat(leaf.get("/api/v2/presence/after-cas").headers().firstValue("X-Presence-Stale")).hasValue("true");

        await().atMost(Duration.ofSeconds(60)).until(() -> hasRevision(leaf, "cas-user", plain.revision())
                && presenceOn(leaf, "after-cas") != null);
        await().atMost(Duration.ofSeconds(10)).until(() -> leaf.get("/api/v2/presence/after-cas").headers()
                .firstValue("X-Presence-Stale").isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> leaf.send(HttpRequest.newBuilder(
                leaf.adminUri("/healthcheck"))).statusCode() == 200);
        assertThat(leaf.send(HttpRequest.newBuilder(leaf.adminUri("/metrics"))).body())
                .contains("\"kv.mirror.repairs\":{\"count\":");
    }

    /**
     * The center writes a lapse as the next revision of the user's last heartbeat. A leaf that was away for
     * both finds only the lapse (the bucket keeps one revision per user) and must still take it and go on.
     */
    @Test
    void aLeafAwayWhileAUserHeartbeatAndLapsedCatchesUpPastTheLapse() throws Exception {
        TestNode center = nodes.center().start();
        ForkedNode leaf = nodes.leaf("leaf-b", center.leafnodeUrl()).fork();
        assertThat(center.put("lapse-before", "{\"status\":\"online\"}").statusCode()).isEqualTo(200);
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(10)).until(() -> ContractValidator.check(http.send(HttpRequest.newBuilder(
                leaf.uri("/api/v2/presence/lapse-before")).build(), HttpResponse.BodyHandlers.ofString()))
                .statusCode() == 200);

        leaf.killAll();
        Presence heartbeat = read(center.put("lapse-away", "{\"status\":\"online\",\"ttlSeconds\":1}"),
                Presence.class);
        // The center's reaper writes the lapse: the heartbeat's next revision, offline.
        await().atMost(Duration.ofSeconds(10)).until(() -> read(center.get("/api/v2/presence/lapse-away"),
                Presence.class).revision() > heartbeat.revision());
        Presence after = read(center.put("lapse-after", "{\"status\":\"busy\"}"), Presence.class);

        leaf.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            HttpResponse<String> get = ContractValidator.check(http.send(HttpRequest.newBuilder(
                    leaf.uri("/api/v2/presence/lapse-after")).build(), HttpResponse.BodyHandlers.ofString()));
            return get.statusCode() == 200 && read(get, Presence.class).equals(after);
        });
    }

    @Test
    void aCenterWithLeafnodeCredentialsAdmitsOnlyLeavesThatPresentThem() {
        String credentials = "leafnodeUser: presence\nleafnodePassword: leaf-link-password-1\n";
        TestNode center = nodes.centerWithNats("leafnodeHost: 0.0.0.0\n" + credentials).start();
        TestNode admitted = nodes.leaf("leaf-a", center.leafnodeUrl(), credentials).start();
        TestNode refused = nodes.leaf("leaf-b", center.leafnodeUrl(),
                "leafnodeUser: presence\nleafnodePassword: wrong-password\n").start();

        await().atMost(Duration.ofSeconds(10)).until(() -> admitted.put("cred-user", "{\"status\":\"online\"}")
                .statusCode() == 200);
        HttpResponse<String> denied = refused.put("cred-user", "{\"status\":\"away\"}");
        assertThat(denied.statusCode()).as(denied.body()).isEqualTo(503);
        HttpResponse<String> unknown = refused.get("/api/v2/presence/cred-user");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("X-Presence-Stale")).hasValue("true");
        assertThat(center.send(HttpRequest.newBuilder(center.adminUri("/healthcheck")).GET()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aCenterWithoutLeafnodeCredentialsTakesNoLeafAtAll() throws Exception {
        // Open to anyone, the listener would take any local process as a leaf, and a leaf writes the bucket past the
        // client port's token: so there is none, and the leafnode port refuses every connection.
        TestNode center = nodes.centerWithNats("leafnodeUser: \"\"\nleafnodePassword: \"\"\n").start();
        URI leafnodes = URI.create(center.leafnodeUrl());
        assertThatThrownBy(() -> new Socket(leafnodes.getHost(), leafnodes.getPort()).close())
                .isInstanceOf(ConnectException.class);
        TestNode leaf = nodes.leaf("leaf-a", center.leafnodeUrl(), "leafnodeUser: \"\"\nleafnodePassword: \"\"\n")
                .start();

        HttpResponse<String> put = leaf.put("unlinked", "{\"status\":\"online\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(503);
        assertThat(center.put("unlinked", "{\"status\":\"online\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void aStreamOnOneLeafSeesWritesOnAnotherAndTheCentersAutoOffline() throws Exception {
        TestNode center = nodes.center().start();
        TestNode leafA = leaf("leaf-a", center.leafnodeUrl());
        TestNode leafB = leaf("leaf-b", center.leafnodeUrl());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (SseClient stream = SseClient.open(http, leafB.uri("/api/v2/presence/stream?users=roamer"))) {
            Presence written = read(leafA.put("roamer", "{\"status\":\"online\",\"ttlSeconds\":1}"),
                    Presence.class);

            await().atMost(Duration.ofSeconds(10)).until(() -> stream.events().stream()
                    .anyMatch(e -> e.id().equals(String.valueOf(written.revision()))));
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.events().stream()
                    .anyMatch(e -> e.data().contains("\"status\":\"offline\"")
                            && e.data().contains("\"nodeId\":\"test-center\"")));
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("X-Presence-Stale")).isEmpty();
        }
    }

    @Test
    void twoLeavesOfOneNameAreUnhealthyNamingTheCause() throws Exception {
        TestNode center = nodes.center().start();
        TestNode first = nodes.leaf("leaf-twin", center.leafnodeUrl()).in("twin-1").start();
        TestNode second = nodes.leaf("leaf-twin", center.leafnodeUrl()).in("twin-2").start();

        // The hub keeps one leafnode link per server name, so the two take it from each other by turns.
        for (TestNode twin : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HttpResponse<String> health = twin.send(HttpRequest.newBuilder(twin.adminUri("/healthcheck")).GET());
                assertThat(health.statusCode()).isEqualTo(500);
                assertThat(health.body()).contains("another leaf named 'leaf-twin' is linked to the hub",
                        "give every leaf its own node.id (NODE_ID)");
            });
        }
    }
}
