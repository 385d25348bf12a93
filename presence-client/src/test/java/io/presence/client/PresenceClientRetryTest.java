package io.presence.client;

import static io.presence.client.Fixtures.error;
import static io.presence.client.Fixtures.presence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.presence.api.PresenceStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PresenceClientRetryTest {

    @StartStop
    private final MockWebServer server = new MockWebServer();
    @StartStop
    private final MockWebServer second = new MockWebServer();

    @Test
    void retriesA503ThenSucceeds() {
        server.enqueue(error(503, "unavailable"));
        server.enqueue(presence("alice", 3));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            assertThat(client.get("alice")).get().extracting(p -> p.revision()).isEqualTo(3L);
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void honoursRetryAfterOn429() {
        Fixtures.Recording recording = new Fixtures.Recording(r -> presence("alice", 4),
                error(429, "rate_limited").newBuilder().addHeader("Retry-After", "1").build());
        server.setDispatcher(recording);
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            client.set("alice", StatusUpdate.of(PresenceStatus.ONLINE));
        }
        assertThat(recording.arrivals).hasSize(2);
        long gap = recording.arrivals.get(1) - recording.arrivals.get(0);
        assertThat(Duration.ofNanos(gap)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void doesNotWaitForARetryAfterLongerThanMaxBackoff() {
        server.enqueue(error(429, "rate_limited").newBuilder().addHeader("Retry-After", "60").build());
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            assertThatThrownBy(() -> client.get("alice"))
                    .isInstanceOfSatisfying(PresenceRateLimitedException.class,
                            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(60)));
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void givesUpAfterMaxAttempts() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(error(503, "unavailable"));
        }
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            assertThatThrownBy(() -> client.getMany(List.of("a", "b")))
                    .isInstanceOf(PresenceUnavailableException.class);
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 412, 422, 500})
    void doesNotRetryClientErrors(int status) {
        server.enqueue(error(status, "x"));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            assertThatThrownBy(() -> client.set("alice", StatusUpdate.of(PresenceStatus.AWAY)))
                    .isInstanceOfSatisfying(PresenceApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(status);
                        assertThat(e.code()).isEqualTo("x");
                    });
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    /** A proxy's 502 or 504 says its node was out of reach: the next base URL, then backoff, as a refused connection. */
    @ParameterizedTest
    @ValueSource(ints = {502, 504})
    void aGatewayErrorIsRetriedOnTheNextServer(int status) {
        server.enqueue(error(status, "bad_gateway"));
        server.enqueue(presence("alice", 7));
        second.enqueue(error(status, "bad_gateway"));
        PresenceClientOptions options = PresenceClientOptions.builder()
                .baseUrl(server.url("/").toString()).baseUrl(second.url("/").toString()).build();
        try (PresenceClient client = PresenceClient.create(options)) {
            assertThat(client.get("alice")).get().extracting(p -> p.revision()).isEqualTo(7L);
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(second.getRequestCount()).isEqualTo(1);
    }

    @Test
    void failsOverWhenTheFirstServerRefusesConnections() throws Exception {
        server.enqueue(presence("alice", 9));
        PresenceClientOptions options = PresenceClientOptions.builder()
                .baseUrls(List.of(Fixtures.refusedUrl(), server.url("/").toString())).build();
        try (PresenceClient client = PresenceClient.create(options)) {
            assertThat(client.get("alice")).isPresent();
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void failsOverWhenTheFirstServerAnswers503() {
        server.enqueue(error(503, "unavailable").newBuilder().addHeader("Retry-After", "30").build());
        second.enqueue(presence("alice", 9));
        PresenceClientOptions options = PresenceClientOptions.builder()
                .baseUrl(server.url("/").toString()).baseUrl(second.url("/").toString()).build();
        try (PresenceClient client = PresenceClient.create(options)) {
            assertThat(client.get("alice")).isPresent();
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(second.getRequestCount()).isEqualTo(1);
    }

    @Test
    void retriesConnectFailuresAndReportsTransportError() throws Exception {
        String refused = Fixtures.refusedUrl();
        PresenceClientOptions options = PresenceClientOptions.builder().baseUrl(refused)
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20))).build();
        try (PresenceClient client = PresenceClient.create(options)) {
            assertThatThrownBy(() -> client.get("alice")).isInstanceOf(PresenceTransportException.class)
                    .hasMessageStartingWith("GET " + refused + "... failed: cannot connect (")
                    .hasMessageNotContaining("java.net")
                    .hasRootCauseInstanceOf(java.net.ConnectException.class);
        }
    }

    @Test
    void transportFailuresAreDescribedInWords() {
        assertThat(RequestPipeline.describe(new java.net.UnknownHostException("presence.invalid")))
                .isEqualTo("unknown host (presence.invalid)");
        assertThat(RequestPipeline.describe(new java.net.SocketTimeoutException("Read timed out")))
                .isEqualTo("no answer in time (Read timed out)");
        assertThat(RequestPipeline.describe(new java.io.InterruptedIOException("timeout")))
                .isEqualTo("no answer in time (timeout)");
        assertThat(RequestPipeline.describe(new java.io.EOFException("\\n not found: limit=0 content=…")))
                .isEqualTo("the connection closed before the answer was complete");
        assertThat(RequestPipeline.describe(new java.net.ProtocolException("unexpected end of stream")))
                .isEqualTo("the connection closed before the answer was complete");
        assertThat(RequestPipeline.describe(new java.net.ProtocolException("Unexpected status line: x")))
                .isEqualTo("not an HTTP answer (Unexpected status line: x)");
        assertThat(RequestPipeline.describe(new java.io.IOException("unexpected end of stream on http://x/...")))
                .isEqualTo("the connection closed before any answer");
        assertThat(RequestPipeline.describe(new java.net.SocketException("Connection reset")))
                .isEqualTo("the connection was reset");
        assertThat(RequestPipeline.describe(new javax.net.ssl.SSLException("Unsupported or unrecognized SSL message")))
                .isEqualTo("the TLS handshake failed (Unsupported or unrecognized SSL message): is the base URL's"
                        + " scheme, http or https, the one its port speaks, and is its certificate trusted?");
        assertThat(RequestPipeline.describe(new IllegalStateException("Invalid content-type: text/html")))
                .isEqualTo("the answer is text/html, not an event stream: check the base URL");
        assertThat(RequestPipeline.describe(new java.io.IOException("odd")))
                .isEqualTo("java.io.IOException: odd");
    }

    @Test
    void aConnectionClosedWithoutAnAnswerIsSaidInWords() {
        for (int attempt = 0; attempt < 3; attempt++) {
            server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
        }
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            assertThatThrownBy(() -> client.get("alice")).isInstanceOf(PresenceTransportException.class)
                    .hasMessageEndingWith("failed: the connection closed before any answer");
        }
    }

    @Test
    void timesOutWithATransportException() {
        server.enqueue(presence("alice", 1).newBuilder().headersDelay(2, TimeUnit.SECONDS).build());
        PresenceClientOptions options = Fixtures.options(server).readTimeout(Duration.ofMillis(100))
                .retryPolicy(RetryPolicy.NONE).build();
        try (PresenceClient client = PresenceClient.create(options)) {
            assertThatThrownBy(() -> client.get("alice")).isInstanceOf(PresenceTransportException.class)
                    .hasMessageContaining("failed: no answer in time (");
        }
    }

    @Test
    void asksTheTokenSupplierForEveryRequest() throws Exception {
        server.enqueue(error(503, "unavailable"));
        server.enqueue(presence("alice", 1));
        server.enqueue(presence("alice", 2));
        AtomicInteger calls = new AtomicInteger();
        PresenceClientOptions options = Fixtures.options(server)
                .tokenSupplier(() -> "t" + calls.incrementAndGet()).build();
        try (PresenceClient client = PresenceClient.create(options)) {
            client.set("alice", StatusUpdate.of(PresenceStatus.ONLINE));
            client.set("alice", StatusUpdate.of(PresenceStatus.ONLINE));
        }
        assertThat(List.of(server.takeRequest().getHeaders().get("Authorization"),
                server.takeRequest().getHeaders().get("Authorization"),
                server.takeRequest().getHeaders().get("Authorization")))
                .containsExactly("Bearer t1", "Bearer t2", "Bearer t3");
    }

    @Test
    void sendsAFixedToken() throws Exception {
        server.enqueue(presence("alice", 1));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).token("abc").build())) {
            client.clear("alice");
        }
        var request = server.takeRequest();
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer abc");
        assertThat(request.getMethod()).isEqualTo("PUT");
        assertThat(request.getBody().utf8()).isEqualTo("{\"status\":\"offline\"}");
    }
}
