package io.presence.service.it;

import static io.presence.service.testing.TestNode.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.presence.api.ErrorResponse;
import io.presence.service.testing.SseClient;
import io.presence.service.testing.TestNode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node with room for one stream: the second is refused; stopping the node ends the open one. */
class StreamLimitsIT {

    @TempDir
    Path dir;

    @Test
    void refusesStreamsOverTheLimitAndEndsStreamsOnStop() {
        TestNode node = new TestNode(dir, "", """
                stream:
                  maxStreams: 1
                  heartbeatInterval: 15s
                """, 0, 0).start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (SseClient open = SseClient.open(http, node.uri("/api/v2/presence/stream?users=x"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> open.status() == 200);
            HttpResponse<String> refused = node.get("/api/v2/presence/stream?users=y");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(read(refused, ErrorResponse.class).code()).isEqualTo("unavailable");

            Instant before = Instant.now();
            node.stop();
            assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(15));
            await().atMost(Duration.ofSeconds(10)).until(open::ended);
        } finally {
            node.stop();
        }
    }
}
