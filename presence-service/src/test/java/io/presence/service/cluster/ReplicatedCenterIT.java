package io.presence.service.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatchOption;
import io.nats.client.api.KeyValueWatcher;
import io.presence.service.testing.AckedWriter;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.ContractValidator;
import io.presence.service.testing.TestCluster;
import io.presence.service.testing.TestCluster.Center;
import io.presence.service.testing.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The replicated hub under faults, as a user runs it: three centers in their own JVMs, each with its
 * own nats-server child, the bucket on three replicas, a leaf linked to all three, and clients writing
 * unique values through two centers and the leaf while centers are killed, cut off and restarted.
 * Every acknowledged write must be on every node at the end.
 */
class ReplicatedCenterIT {

    /**
     * Writes through the survivors resume within this long of a kill. A follower's loss costs nothing;
     * the stream leader's costs a Raft election, which nats-server starts 4-9 s (random, not settable)
     * after the leader's last heartbeat, then a vote; measured 4.6-8.9 s on a busy 2-core machine.
     */
    private static final Duration GAP_AFTER_A_KILL = Duration.ofSeconds(15);
    /**
     * A graceful stop hands the stream leadership off first, so a rolling restart barely pauses writes. A put
     * in flight at the hand-off may get no answer and wait out kv.timeout (2 s) before its writer goes on:
     * measured 2.06 s once on a busy 2-core machine, so the bound is that timeout and a second to spare.
     */
    private static final Duration GAP_IN_A_ROLLING_RESTART = Duration.ofSeconds(3);
    private static final int USERS_PER_WRITER = 20;

    @RegisterExtension
    final NodesExtension nodes = new NodesExtension();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private AckedWriter writer(String name, URI base) {
        return nodes.closeAfter(new AckedWriter(name, base, USERS_PER_WRITER));
    }

    private static URI base(Center c) {
        return c.uri("/");
    }

    @Test
    void killingAFollowerThenTheLeaderLosesNoAcknowledgedWrite() throws Exception {
        TestCluster cluster = nodes.cluster();
        TestNode leaf = nodes.leaf("leaf-1", cluster.leafnodeUrls()).start();
        Center leader = cluster.streamLeader();
        List<Center> followers = cluster.centers().stream().filter(c -> c != leader).toList();
        assertWritesOnOneCenterReachTheOthers(cluster, followers.get(0), followers.get(1));
        assertALapseIsWrittenOnceByTheWholeCluster(cluster);
        Center victim = followers.get(0);
        Center bystander = followers.get(1);
        AckedWriter onBystander = writer("bystander", base(bystander));
        AckedWriter onVictim = writer("victim", base(victim));
        AckedWriter onLeaf = writer("leaf", leaf.uri("/"));
        List<AckedWriter> writers = List.of(onBystander, onVictim, onLeaf);
        await().atMost(Duration.ofSeconds(30)).until(() -> writers.stream().allMatch(w -> w.acknowledged() >= 20));

        victim.node().killAll();
        long killed = System.nanoTime();
        assertWritesResume(killed, onBystander, onLeaf);
        // The operator is told the lost center is offline, not that it lags (nats-server 2.9 never says offline).
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.health(bystander)
                .map(h -> h.path("cluster").path("message").asText()).orElse("").contains(victim.id() + " offline"));

        victim.node().start();
        awaitAllReplicasCurrent(cluster);
        Center newLeader = cluster.streamLeader();
        await().atMost(Duration.ofSeconds(30)).until(() -> onVictim.firstAckAfter(System.nanoTime()
                - Duration.ofSeconds(5).toNanos()).isPresent());

        newLeader.node().killAll();
        long killedLeader = System.nanoTime();
        List<AckedWriter> survivors = new ArrayList<>(List.of(onLeaf));
        if (newLeader != bystander) {
            survivors.add(onBystander);
        }
        if (newLeader != victim) {
            survivors.add(onVictim);
        }
        assertWritesResume(killedLeader, survivors.toArray(AckedWriter[]::new));
        assertThat(cluster.streamLeader()).as("a survivor leads the stream").isNotEqualTo(newLeader);
        List<Center> alive = cluster.centers().stream().filter(c -> c != newLeader).toList();
        assertAWriteOnOneIsSoonReadOnTheOther(alive.get(0), alive.get(1));
        assertAWriteOnOneIsSoonReadOnTheOther(alive.get(1), alive.get(0));
        newLeader.node().start();
        awaitAllReplicasCurrent(cluster);

        for (AckedWriter w : writers) {
            w.close();
        }
        List<Function<String, URI>> everyNode = new ArrayList<>();
        cluster.centers().forEach(c -> everyNode.add(c::uri));
        everyNode.add(leaf::uri);
        assertEveryAcknowledgedWriteIsOnEveryNode(writers, everyNode);
    }

    @Test
    void aCenterCutOffFromTheOthersRefusesWritesWhileTheMajorityGoesOnAndAllConvergeAfterTheHeal() throws Exception {
        TestCluster cluster = nodes.clusterWithProxiedRoutes();
        Center leader = cluster.streamLeader();
        Center isolated = cluster.centers().stream().filter(c -> c != leader).findFirst().orElseThrow();
        List<AckedWriter> writers = cluster.centers().stream().map(c -> writer(c.id(), base(c))).toList();
        AckedWriter onIsolated = writers.get(cluster.centers().indexOf(isolated));
        await().atMost(Duration.ofSeconds(30)).until(() -> writers.stream().allMatch(w -> w.acknowledged() >= 20));

        cluster.isolate(isolated);
        await().atMost(Duration.ofSeconds(30)).until(() -> onIsolated.refused(503) > 0);
        HttpResponse<String> staleRead = get(isolated.uri("/api/v2/presence/" + onIsolated.name() + "-u0"));
        assertThat(staleRead.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> "true".equals(
                get(isolated.uri("/api/v2/presence/" + onIsolated.name() + "-u0"))
                        .headers().firstValue("X-Presence-Stale").orElse("")));
        long refusing = System.nanoTime();
        for (AckedWriter majority : writers) {
            if (majority != onIsolated) {
                await().atMost(Duration.ofSeconds(15)).until(() -> majority.firstAckAfter(refusing).isPresent());
            }
        }
        JsonNode health = cluster.health(isolated).orElseThrow();
        assertThat(health.path("cluster").path("healthy").asBoolean()).isFalse();
        assertThat(health.path("cluster").path("message").asText()).contains("no quorum");

        cluster.heal(isolated);
        long healed = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).until(() -> onIsolated.firstAckAfter(healed).isPresent());
        awaitAllReplicasCurrent(cluster);
        for (AckedWriter w : writers) {
            w.close();
        }
        List<Function<String, URI>> everyNode = new ArrayList<>();
        cluster.centers().forEach(c -> everyNode.add(c::uri));
        assertEveryAcknowledgedWriteIsOnEveryNode(writers, everyNode);
    }

    @Test
    void withTwoCentersLostTheLastRefusesWritesQuicklyServesStaleReadsAndResumesWhenASecondReturns()
            throws Exception {
        TestCluster cluster = nodes.cluster();
        Center survivor = cluster.centers().get(0);
        String token = TestNode.token("quorum-user");
        assertThat(put(survivor, token).statusCode()).isEqualTo(200);

        cluster.centers().get(1).node().killAll();
        cluster.centers().get(2).node().killAll();

        // A survivor that led the stream notices the lost quorum only after NATS's lost-quorum interval
        // (10 s); until then a write waits for kv.timeout and answers 503 as well, but holds a thread.
        await().atMost(Duration.ofSeconds(45)).until(() -> {
            long began = System.nanoTime();
            int status = put(survivor, token).statusCode();
            return status == 503 && Duration.ofNanos(System.nanoTime() - began).compareTo(Duration.ofSeconds(1)) < 0;
        });
        HttpResponse<String> refused = put(survivor, token);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        // Reads go on from the survivor's cache and replica, marked stale once its check of the stream fails.
        await().atMost(Duration.ofSeconds(15)).until(() -> get(survivor.uri("/api/v2/presence/quorum-user"))
                .headers().firstValue("X-Presence-Stale").orElse("").equals("true"));
        HttpResponse<String> read = get(survivor.uri("/api/v2/presence/quorum-user"));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("\"busy\"");
        await().atMost(Duration.ofSeconds(5)).until(() -> !cluster.health(survivor).orElseThrow().path("cluster")
                .path("healthy").asBoolean());

        cluster.centers().get(1).node().start();
        await().atMost(Duration.ofSeconds(60)).until(() -> put(survivor, token).statusCode() == 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> get(survivor.uri("/api/v2/presence/quorum-user"))
                .headers().firstValue("X-Presence-Stale").isEmpty());
    }

    private HttpResponse<String> put(Center center, String token) throws Exception {
        return ContractValidator.check(http.send(HttpRequest.newBuilder(center.uri("/api/v2/presence/quorum-user"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"busy\"}")).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void aRollingRestartOfEveryCenterUnderWriteLoadLosesNoAcknowledgedWrite() throws Exception {
        TestCluster cluster = nodes.cluster();
        List<AckedWriter> writers = cluster.centers().stream().map(c -> writer(c.id(), base(c))).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> writers.stream().allMatch(w -> w.acknowledged() >= 20));
        long began = System.nanoTime();

        for (Center c : cluster.centers()) {
            c.node().stopGracefully();
            c.node().start();
            awaitAllReplicasCurrent(cluster);
        }

        for (AckedWriter w : writers) {
            w.close();
        }
        assertThat(AckedWriter.longestGapOfAll(writers, began)).isLessThanOrEqualTo(GAP_IN_A_ROLLING_RESTART);
        List<Function<String, URI>> everyNode = new ArrayList<>();
        cluster.centers().forEach(c -> everyNode.add(c::uri));
        assertEveryAcknowledgedWriteIsOnEveryNode(writers, everyNode);
    }

    /** Read-your-writes on the writing center; the others get the write through their watch. */
    private void assertWritesOnOneCenterReachTheOthers(TestCluster cluster, Center writer, Center reader)
            throws Exception {
        Set<String> arrived = ConcurrentHashMap.newKeySet();
        try (Connection nats = Nats.connect(reader.config().natsUrl())) {
            nats.keyValue("presence").watchAll(new KeyValueWatcher() {
                @Override
                public void watch(KeyValueEntry entry) {
                    if (entry.getKey().startsWith("converge-")) {
                        arrived.add(entry.getKey());
                    }
                }

                @Override
                public void endOfData() {
                }
            }, KeyValueWatchOption.UPDATES_ONLY);
            String token = TestNode.token("converge", "presence:admin");
            for (int i = 0; i < 200; i++) {
                String user = "converge-" + i;
                HttpResponse<String> put = ContractValidator.check(http.send(
                        HttpRequest.newBuilder(writer.uri("/api/v2/presence/" + user))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"online\"}")).build(),
                        HttpResponse.BodyHandlers.ofString()));
                assertThat(put.statusCode()).isEqualTo(200);
                assertThat(get(writer.uri("/api/v2/presence/" + user)).statusCode()).as("read-your-writes")
                        .isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> arrived.size() == 200);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> get(reader.uri("/api/v2/presence/converge-199"))
                .statusCode() == 200);
    }

    /**
     * The survivors' watches keep up: a watch whose consumer lived on the killed center is re-created
     * within seconds, not after jnats' heartbeat alarm (about 35 s), which would serve stale reads.
     */
    private void assertAWriteOnOneIsSoonReadOnTheOther(Center writer, Center reader) throws Exception {
        String user = "after-kill-" + writer.id();
        String message = "from " + writer.id() + " " + System.nanoTime();
        HttpResponse<String> put = ContractValidator.check(http.send(
                HttpRequest.newBuilder(writer.uri("/api/v2/presence/" + user))
                .header("Authorization", "Bearer " + TestNode.token(user)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"away\",\"message\":\"" + message + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(put.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> get(reader.uri("/api/v2/presence/" + user)).body()
                .contains(message));
    }

    /** Every center runs the reaper; a lapse still gets one offline revision, not one per center. */
    private void assertALapseIsWrittenOnceByTheWholeCluster(TestCluster cluster) throws Exception {
        Center any = cluster.centers().get(0);
        List<String> offline = new CopyOnWriteArrayList<>();
        try (Connection nats = Nats.connect(any.config().natsUrl())) {
            nats.keyValue("presence").watch("lapse-once", new KeyValueWatcher() {
                @Override
                public void watch(KeyValueEntry entry) {
                    if (entry.getValue() != null && new String(entry.getValue()).contains("\"offline\"")) {
                        offline.add(entry.getRevision() + "");
                    }
                }

                @Override
                public void endOfData() {
                }
            });
            HttpResponse<String> put = ContractValidator.check(http.send(
                    HttpRequest.newBuilder(any.uri("/api/v2/presence/lapse-once"))
                    .header("Authorization", "Bearer " + TestNode.token("lapse-once"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"online\",\"ttlSeconds\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
            assertThat(put.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> !offline.isEmpty());
            // The other centers stand in 5 s after a lapse: give them that and more to write a second one.
            await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(9)).until(() -> offline.size() == 1);
        }
    }

    private void assertWritesResume(long killedNanos, AckedWriter... survivors) {
        await().atMost(GAP_AFTER_A_KILL.plusSeconds(30)).until(() -> java.util.Arrays.stream(survivors)
                .allMatch(w -> w.firstAckAfter(killedNanos).isPresent()));
        for (AckedWriter w : survivors) {
            Duration gap = Duration.ofNanos(w.firstAckAfter(killedNanos).orElseThrow() - killedNanos);
            assertThat(gap).as("writes through %s resumed", w.name()).isLessThanOrEqualTo(GAP_AFTER_A_KILL);
        }
    }

    /**
     * Every center holds a replica and says it has caught up (its server's own health check), as an operator waits
     * before the next restart. The stream leader's count of current replicas is not enough: it counts a follower
     * whose last index has reached the leader's, which a follower still catching up after a restart or a heal also
     * has, and nats-server 2.9.10 lets no survivor lead while one is (a follower in catch-up does not stand for
     * election); under constant writes that count also flickers by an entry or two in flight.
     */
    private void awaitAllReplicasCurrent(TestCluster cluster) {
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.centers().stream().allMatch(c ->
                cluster.health(c).map(h -> h.path("cluster").path("replicas").asInt() == TestCluster.SIZE
                        && h.path("cluster").path("caughtUp").asBoolean(false)).orElse(false)));
    }

    /** Each user's value on each node is the last acknowledged write or a later one (sent, outcome unknown). */
    private void assertEveryAcknowledgedWriteIsOnEveryNode(List<AckedWriter> writers,
                                                          List<Function<String, URI>> everyNode) {
        int checked = 0;
        for (AckedWriter w : writers) {
            for (Map.Entry<String, Long> acked : w.lastAcked().entrySet()) {
                for (Function<String, URI> node : everyNode) {
                    URI uri = node.apply("/api/v2/presence/" + acked.getKey());
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                        HttpResponse<String> response = get(uri);
                        assertThat(response.statusCode()).as("%s", uri).isEqualTo(200);
                        String message = TestNode.JSON.readTree(response.body()).path("message").asText();
                        assertThat(w.sequenceIn(message)).as("%s at %s", acked.getKey(), uri)
                                .isGreaterThanOrEqualTo(acked.getValue());
                    });
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(writers.size() * USERS_PER_WRITER * everyNode.size());
    }

    private HttpResponse<String> get(URI uri) {
        try {
            return ContractValidator.check(http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
