package io.presence.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.service.errors.RawHttp;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.TestNode;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clients that announce a body and then stall. The node's idle timeout is 3 s here (30 s by default): a
 * stalled body is the client's fault, a 408 that closes the connection, never a 500. Not shorter: Jetty
 * closes a connection that is idle that long before its request head is parsed without an answer, and
 * with 1 s a CI run once got such an empty close (a stall between accepting the connection and reading it).
 */
class SlowClientsIT {

    private static final String JSON = "Content-Type: application/json";

    @RegisterExtension
    static final NodesExtension nodes = new NodesExtension();
    static TestNode node;

    @BeforeAll
    static void startNode() {
        // The heartbeat must stay below the idle timeout (the node refuses to start otherwise).
        node = nodes.center("", """
                stream:
                  heartbeatInterval: 500ms
                """).server("""
                applicationConnectors:
                  - type: http
                    port: 0
                    idleTimeout: 3s
                adminConnectors:
                  - type: http
                    port: 0
                """).start();
    }

    private static RawHttp.RawResponse stalled(String requestLine, String headers, int announced, String sent)
            throws Exception {
        return RawHttp.exchangeStalled(node.support().getLocalPort(), requestLine + " HTTP/1.1\r\nHost: localhost\r\n"
                + headers + "\r\nContent-Length: " + announced, sent.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRequestTimeout(RawHttp.RawResponse response) {
        assertThat(response.status()).as(response.body()).isEqualTo(408);
        assertThat(response.header("Connection")).isEqualTo("close");
        assertThat(response.body()).contains("\"code\":\"invalid_request\"", "request body did not arrive in time");
    }

    @Test
    void aWriteWhoseBodyStallsIsA408() throws Exception {
        assertRequestTimeout(stalled("PUT /api/v2/presence/slow", JSON + "\r\nAuthorization: Bearer "
                + TestNode.token("slow"), 100, "{\"status\":"));
        assertThat(node.get("/api/v2/presence/slow").statusCode()).isEqualTo(404);
    }

    /** A chunked body that stalls mid-chunk: one idle timeout, not a second one spent draining what never comes. */
    @Test
    void aChunkedWriteWhoseBodyStallsIsA408AfterOneIdleTimeout() throws Exception {
        long started = System.nanoTime();
        RawHttp.RawResponse response = RawHttp.exchangeStalled(node.support().getLocalPort(),
                "PUT /api/v2/presence/slow-chunks HTTP/1.1\r\nHost: localhost\r\n" + JSON + "\r\nAuthorization: Bearer "
                        + TestNode.token("slow-chunks") + "\r\nTransfer-Encoding: chunked",
                "5\r\n{\"sta".getBytes(StandardCharsets.UTF_8));
        assertRequestTimeout(response);
        // The idle timeout is 3 s here: a drain after it would have waited another 3 s.
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofMillis(5_500));
        assertThat(node.get("/api/v2/presence/slow-chunks").statusCode()).isEqualTo(404);
    }

    @Test
    void aBatchWhoseBodyStallsIsA408() throws Exception {
        assertRequestTimeout(stalled("POST /api/v2/presence/batch", JSON, 100, "{\"userIds\":"));
    }

    /**
     * More stalled bodies than request threads, on a node with 16 and the default 30 s idle timeout: bodies of
     * announced length, and chunked ones stalled after their first chunk.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: 100\r\n\r\n{\"userIds\":", "Transfer-Encoding: chunked\r\n\r\n1\r\n{\r\n"})
    void stalledBodiesHoldNoRequestThreads(String framingAndStart) throws Exception {
        TestNode small = nodes.center().server("""
                maxThreads: 16
                applicationConnectors:
                  - type: http
                    port: 0
                adminConnectors:
                  - type: http
                    port: 0
                """).start();
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) {
                Socket socket = new Socket("127.0.0.1", small.support().getLocalPort());
                stalled.add(socket);
                socket.getOutputStream().write(("POST /api/v2/presence/batch HTTP/1.1\r\nHost: localhost\r\n" + JSON
                        + "\r\n" + framingAndStart).getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
            }

            RawHttp.RawResponse read = RawHttp.exchange(small.support().getLocalPort(),
                    "GET /api/v2/presence/nobody HTTP/1.1\r\nHost: localhost\r\nConnection: close");

            assertThat(read.status()).as(read.body()).isEqualTo(404);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }
}
