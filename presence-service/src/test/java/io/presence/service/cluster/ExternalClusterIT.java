package io.presence.service.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.presence.service.nats.NatsServerProcess;
import io.presence.service.nats.NatsServerSettings;
import io.presence.service.testing.AckedWriter;
import io.presence.service.testing.FreePorts;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.TestNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Centers with {@code nats.embedded: false} on a NATS cluster the operator runs: three nats-server
 * processes joined by routes, which the centers only connect to. The bucket is created with three
 * replicas, a write on one center reaches the others, and losing the server that leads the stream
 * loses no acknowledged write.
 */
class ExternalClusterIT {

    @RegisterExtension
    final NodesExtension nodes = new NodesExtension();

    @Test
    void centersOnAnOperatorsThreeServerClusterShareOneReplicatedBucket() throws Exception {
        List<NatsServerProcess> servers = startCluster();
        List<String> urls = servers.stream().map(NatsServerProcess::clientUrl).toList();
        List<TestNode> centers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            centers.add(nodes.centerOnExternalCluster("center-" + i, urls).start());
        }

        assertThat(centers.get(0).put("ext-alice", "{\"status\":\"busy\",\"message\":\"in a call\"}").statusCode())
                .isEqualTo(200);
        for (TestNode center : centers) {
            await().atMost(Duration.ofSeconds(10)).until(() -> center.get("/api/v2/presence/ext-alice").body()
                    .contains("in a call"));
        }
        JsonNode cluster = TestNode.JSON.readTree(centers.get(1).send(java.net.http.HttpRequest.newBuilder(
                centers.get(1).adminUri("/healthcheck"))).body()).path("cluster");
        assertThat(cluster.path("healthy").asBoolean()).isTrue();
        assertThat(cluster.path("replicas").asInt()).isEqualTo(3);
        String leader = cluster.path("streamLeader").asText();

        List<AckedWriter> writers = IntStream.range(0, 3)
                .mapToObj(i -> nodes.closeAfter(new AckedWriter("ext" + i, centers.get(i).uri("/"), 10)))
                .toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> writers.stream().allMatch(w -> w.acknowledged() >= 20));
        NatsServerProcess leading = servers.stream().filter(s -> s.serverName().equals(leader)).findFirst().orElseThrow();
        long killed = System.nanoTime();
        ProcessHandle.of(leading.pid().orElseThrow()).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(60)).until(() -> writers.stream().allMatch(w -> w.firstAckAfter(killed)
                .isPresent()));
        for (AckedWriter w : writers) {
            w.close();
        }

        for (AckedWriter w : writers) {
            for (Map.Entry<String, Long> acked : w.lastAcked().entrySet()) {
                for (TestNode center : centers) {
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                        HttpResponse<String> read = center.get("/api/v2/presence/" + acked.getKey());
                        assertThat(w.sequenceIn(TestNode.JSON.readTree(read.body()).path("message").asText()))
                                .isGreaterThanOrEqualTo(acked.getValue());
                    });
                }
            }
        }
    }

    /** Three nats-servers with routes to each other, as an operator would run them (here supervised for cleanup). */
    private List<NatsServerProcess> startCluster() throws Exception {
        int[] routePorts = IntStream.range(0, 3).map(i -> FreePorts.next()).toArray();
        List<String> routes = IntStream.of(routePorts).mapToObj(p -> "nats-route://127.0.0.1:" + p).toList();
        List<NatsServerProcess> servers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            NatsServerSettings.Cluster cluster = new NatsServerSettings.Cluster("operators-cluster", "127.0.0.1",
                    routePorts[i], null, routes, null, null, null);
            servers.add(nodes.natsServer(new NatsServerSettings("n" + (i + 1), "127.0.0.1", FreePorts.next(),
                    FreePorts.next(), nodes.dir("nats-" + (i + 1)), "hub",
                    new NatsServerSettings.Listen("127.0.0.1", FreePorts.next()), null, cluster)));
        }
        return servers;
    }
}
