package io.presence.service.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.TcpProxy;
import io.presence.service.testing.TestNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A leaf far from its hub: its leafnode link runs through a proxy that delays every byte 25 ms each
 * way. Reads the leaf holds never cross that link; a write crosses it once, there and back.
 */
class WanLeafIT {

    private static final Duration ONE_WAY = Duration.ofMillis(25);
    private static final int SAMPLES = 40;

    @RegisterExtension
    final NodesExtension nodes = new NodesExtension();

    @Test
    void aDistantLeafAnswersReadsLocallyAndPaysOneRoundTripPerWrite() throws Exception {
        TestNode center = nodes.center().start();
        URI hub = URI.create(center.leafnodeUrl());
        TcpProxy wan = nodes.closeAfter(TcpProxy.start(hub.getHost(), hub.getPort()));
        wan.delay(ONE_WAY);
        TestNode leaf = nodes.leaf("leaf-far", "nats-leaf://127.0.0.1:" + wan.port()).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> leaf.put("far-warm", "{\"status\":\"online\"}")
                .statusCode() == 200);

        long[] writeMicros = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long began = System.nanoTime();
            assertThat(leaf.put("far-user", "{\"status\":\"online\",\"message\":\"" + i + "\"}").statusCode())
                    .isEqualTo(200);
            writeMicros[i] = (System.nanoTime() - began) / 1000;
        }
        long[] readMicros = new long[SAMPLES * 5];
        for (int i = 0; i < readMicros.length; i++) {
            long began = System.nanoTime();
            assertThat(leaf.get("/api/v2/presence/far-user").statusCode()).isEqualTo(200);
            readMicros[i] = (System.nanoTime() - began) / 1000;
        }

        long write = median(writeMicros);
        long read = median(readMicros);
        long roundTrip = ONE_WAY.multipliedBy(2).toNanos() / 1000;
        assertThat(write).as("a write crosses the link there and back").isGreaterThanOrEqualTo(roundTrip);
        assertThat(write).as("and only once").isLessThan(2 * roundTrip);
        assertThat(read).as("a read the leaf holds never crosses the link").isLessThan(roundTrip / 5);
    }

    /**
     * A write on the leaf that must see the hub's record asks the hub when the leaf's mirror does not have it yet:
     * an If-Match naming the revision the hub just gave, and a sign-out of a user written there a moment ago.
     */
    @Test
    void aLeafWhoseMirrorIsBehindAsksTheHubBeforeRefusingAWrite() throws Exception {
        TestNode center = nodes.center().start();
        URI hub = URI.create(center.leafnodeUrl());
        TcpProxy wan = nodes.closeAfter(TcpProxy.start(hub.getHost(), hub.getPort()));
        TestNode leaf = nodes.leaf("leaf-behind", "nats-leaf://127.0.0.1:" + wan.port()).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> leaf.put("behind-warm", "{\"status\":\"online\"}")
                .statusCode() == 200);
        wan.delay(Duration.ofMillis(400));
        String token = TestNode.token("behind", "presence:admin");

        HttpResponse<String> onHub = center.put("behind-tagged", "{\"status\":\"online\"}");
        String tag = onHub.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> conditional = leaf.put("behind-tagged", "{\"status\":\"busy\"}", token,
                "If-Match", tag);
        assertThat(conditional.statusCode()).as("%s", conditional.body()).isEqualTo(200);
        assertThat(conditional.body()).contains("\"busy\"");

        assertThat(center.put("behind-gone", "{\"status\":\"online\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> signOut = leaf.put("behind-gone", "{\"status\":\"offline\"}", token);
        assertThat(signOut.statusCode()).as("%s", signOut.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> center.get("/api/v2/presence/behind-gone").body()
                .contains("\"offline\""));
        // The center wrote the user online a moment before: the sign-out after it stands (SessionRepair).
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> center
                .get("/api/v2/presence/behind-gone").body().contains("\"offline\""));

        HttpResponse<String> never = leaf.put("behind-never", "{\"status\":\"offline\"}", token);
        assertThat(never.statusCode()).isEqualTo(404);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
