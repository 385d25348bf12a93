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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node's limits on streams: with room for one, the second is refused; stopping the node ends the open one; a
 * stream whose client left frees its slot at once; a reader too slow is dropped.
 */
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

    /**
     * A client that closes its connection frees its stream's slot within a second, although the stream is idle
     * and its next write, the heartbeat, is 15 s away: the node reads the connection, not waits for a write.
     */
    @Test
    void aStreamWhoseClientClosedTheConnectionFreesItsSlotWithinASecond() throws IOException {
        TestNode node = nodes.center("", """
                stream:
                  maxStreams: 1
                  heartbeatInterval: 15s
                """).start();
        try (Socket client = openRawStream(node)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> openStreams(node) == 1);
            assertThat(node.get("/api/v2/presence/stream?users=y").statusCode()).as("the one slot is taken")
                    .isEqualTo(503);

            client.close();
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                    .until(() -> openStreams(node) == 0);
        }
        try (Socket next = openRawStream(node)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> openStreams(node) == 1);
        }
    }

    /**
     * Bytes after the GET are a request pipelined behind a stream that never ends: the node ends the stream and
     * closes the connection, on which the request could never be answered, rather than leave it unanswered.
     */
    @Test
    void aClientThatSendsMoreOnItsStreamsConnectionIsDisconnected() throws IOException {
        TestNode node = nodes.center("", """
                stream:
                  heartbeatInterval: 15s
                """).start();
        try (Socket client = openRawStream(node)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> openStreams(node) == 1);

            client.getOutputStream().write("GET /api/v2/presence/x HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                    .until(() -> openStreams(node) == 0);
            assertThat(readUntilClosed(client)).as("the rest of the stream, then the close, no answer")
                    .doesNotContain("HTTP/1.1");
        }
    }

    /** What the server still sends until it closes the connection (a reset too: it left bytes unread). */
    private static String readUntilClosed(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        try {
            for (int n = socket.getInputStream().read(buffer); n >= 0; n = socket.getInputStream().read(buffer)) {
                read.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection is still open after 5 s; read: " + read, e);
        } catch (SocketException reset) {
            // closed with the request's bytes unread: a reset rather than an end of stream
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }

    /** A stream opened over a plain socket, its response head read. */
    private static Socket openRawStream(TestNode node) throws IOException {
        Socket socket = new Socket("127.0.0.1", node.support().getLocalPort());
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET /api/v2/presence/stream?users=raw HTTP/1.1\r\nHost: localhost\r\n"
                + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        String head = readHead(socket.getInputStream());
        assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-type: text/event-stream");
        return socket;
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the response head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static int openStreams(TestNode node) {
        return (Integer) node.support().getEnvironment().metrics().getGauges().get("stream.open").getValue();
    }

    private static long dropped(TestNode node) {
        return node.support().getEnvironment().metrics().counter("stream.dropped").getCount();
    }
}
