package io.presence.service.it;

import static io.presence.service.testing.TestNode.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.presence.api.ErrorResponse;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.SseClient;
import io.presence.service.testing.TestNode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node with room for one stream: the second is refused; stopping the node ends the open one. */
class StreamLimitsIT {

    @RegisterExtension
    final NodesExtension nodes = new NodesExtension();

    @Test
    void refusesStreamsOverTheLimitAndEndsStreamsOnStop() {
        TestNode node = nodes.center("", """
                stream:
                  maxStreams: 1
                  heartbeatInterval: 15s
                """).start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (SseClient open = SseClient.open(http, node.uri("/api/v2/presence/stream?users=x"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> open.status() == 200);
            HttpResponse<String> refused = node.get("/api/v2/presence/stream?users=y");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(read(refused, ErrorResponse.class).code()).isEqualTo("unavailable");

            // Within one heartbeat interval: the stop ends open streams itself, not a failed heartbeat write.
            Instant before = Instant.now();
            node.stop();
            assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(15));
            await().atMost(Duration.ofSeconds(10)).until(open::ended);
        }
    }

    @Test
    void dropsAReaderThatNeverReadsWhileOthersKeepReceiving() throws IOException {
        TestNode node = nodes.center("maxMessageLength: 256", """
                stream:
                  subscriberQueueSize: 256
                rateLimit:
                  enabled: false
                """).start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (Socket stuck = new Socket();
             SseClient reader = SseClient.open(http, node.uri("/api/v2/presence/stream?users=busy-bee"))) {
            stuck.setReceiveBufferSize(1024);
            stuck.connect(new InetSocketAddress("127.0.0.1", node.support().getLocalPort()));
            OutputStream out = stuck.getOutputStream();
            out.write(("GET /api/v2/presence/stream?users=busy-bee HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> openStreams(node) == 2);

            String message = "x".repeat(256);
            String body = "{\"status\":\"online\",\"ttlSeconds\":60,\"message\":\"" + message + "\"}";
            ExecutorService writers = Executors.newFixedThreadPool(8);
            try {
                // Enough writes to fill the stuck socket's buffers, then its queue.
                await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                        .until(() -> {
                            List<Callable<Object>> batch = new ArrayList<>();
                            for (int i = 0; i < 16; i++) {
                                batch.add(() -> node.put("busy-bee", body).statusCode());
                            }
                            writers.invokeAll(batch);
                            return dropped(node) > 0;
                        });
            } finally {
                writers.shutdownNow();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> openStreams(node) == 1);
            assertThat(dropped(node)).isEqualTo(1);
            String last = node.put("busy-bee", "{\"status\":\"away\",\"ttlSeconds\":60}").body();
            await().atMost(Duration.ofSeconds(10)).until(() -> !reader.events().isEmpty()
                    && reader.events().get(reader.events().size() - 1).data().equals(last));
        }
    }

    private static int openStreams(TestNode node) {
        return (Integer) node.support().getEnvironment().metrics().getGauges().get("stream.open").getValue();
    }

    private static long dropped(TestNode node) {
        return node.support().getEnvironment().metrics().counter("stream.dropped").getCount();
    }
}
