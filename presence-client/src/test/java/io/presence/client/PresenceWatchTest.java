package io.presence.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.presence.api.Presence;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;

class PresenceWatchTest {

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final List<Presence> seen = new CopyOnWriteArrayList<>();
    private final List<PresenceException> errors = new CopyOnWriteArrayList<>();
    private final List<PresenceException> disconnects = new CopyOnWriteArrayList<>();
    /** Every listener call, in order. */
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final PresenceListener listener = new PresenceListener() {
        @Override
        public void onPresence(Presence presence) {
            seen.add(presence);
            heard.add("presence " + presence.revision());
        }

        @Override
        public void onError(PresenceException error) {
            errors.add(error);
            heard.add("error");
        }

        @Override
        public void onConnected() {
            heard.add("connected");
        }

        @Override
        public void onDisconnected(PresenceException cause) {
            disconnects.add(cause);
            heard.add("disconnected");
        }

        @Override
        public void onGap(long lastEventId) {
            heard.add("gap " + lastEventId);
        }
    };

    private static MockResponse stream(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(body).build();
    }

    private static String event(String user, long revision) {
        return "id: " + revision + "\nevent: presence\ndata: " + Fixtures.presenceJson(user, "online", revision) + "\n\n";
    }

    /** A rogue server's endless event fails the stream at the limit; the watch reconnects as after any failure. */
    @Test
    void anEventOverTheLimitIsRefusedInsteadOfFillingTheHeap() {
        server.enqueue(stream("data: " + "x".repeat(EventSizeLimit.MAX_EVENT_BYTES) + "\n\n"));
        server.enqueue(stream(event("alice", 2)));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build());
             PresenceWatch watch = client.watch(List.of("alice"), listener)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
            assertThat(disconnects).first().isInstanceOf(PresenceTransportException.class)
                    .satisfies(e -> assertThat(e.getMessage()).contains("an event over 1 MiB (1048576 bytes)"));
            assertThat(watch.isClosed()).isFalse();
        }
    }

    /** The limit is per event: a stream carries any number of them, with either line end. */
    @Test
    void aLongStreamOfEventsPassesWithEitherLineEnd() {
        StringBuilder body = new StringBuilder();
        for (int i = 1; i <= 5000; i++) {
            String line = i % 2 == 0 ? "\r\n" : "\n"; // okhttp-sse reads no lone CR
            body.append("id: ").append(i).append(line).append("data: ")
                    .append(Fixtures.presenceJson("alice", "online", i)).append(line).append(line);
        }
        assertThat(body.length()).isGreaterThan(EventSizeLimit.MAX_EVENT_BYTES);
        server.enqueue(stream(body.toString()));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build());
             PresenceWatch watch = client.watch(List.of("alice"), listener)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 5000);
            assertThat(errors).isEmpty();
        }
    }

    @Test
    void reconnectsWithTheLastEventId() throws Exception {
        server.enqueue(stream(": heartbeat\n\n" + event("alice", 5) + event("bob", 6)));
        server.enqueue(stream("event: other\ndata: x\n\n" + event("alice", 9)));
        server.enqueue(stream(""));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).token("tok").build());
             PresenceWatch watch = client.watch(List.of("alice", "bob", "alice"), listener)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 3);
            assertThat(seen).extracting(Presence::revision).containsExactly(5L, 6L, 9L);
            assertThat(watch.lastEventId()).hasValue(9);
            RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
            assertThat(first.getTarget()).isEqualTo("/api/v2/presence/stream?users=alice,bob");
            assertThat(first.getHeaders().get("Accept")).isEqualTo("text/event-stream");
            assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer tok");
            assertThat(first.getHeaders().get("Last-Event-ID")).isNull();
            assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Last-Event-ID")).isEqualTo("6");
            assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Last-Event-ID")).isEqualTo("9");
        }
    }

    @Test
    void tellsTheListenerEachTimeTheStreamOpensEvenWithoutEvents() {
        java.util.concurrent.atomic.AtomicInteger opens = new java.util.concurrent.atomic.AtomicInteger();
        server.enqueue(Fixtures.error(503, "unavailable"));
        server.enqueue(stream(": heartbeat\n\n"));
        server.enqueue(stream(event("alice", 2)));
        PresenceListener counting = new PresenceListener() {
            @Override
            public void onPresence(Presence presence) {
                seen.add(presence);
            }

            @Override
            public void onConnected() {
                opens.incrementAndGet();
                throw new IllegalStateException("a listener's bug must not stop the watch");
            }
        };
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server)
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20))).build());
             PresenceWatch watch = client.watch(List.of("alice"), counting)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
            assertThat(opens.get()).isEqualTo(2); // the 503 opened nothing; the two streams did
            assertThat(watch.isClosed()).isFalse();
        }
        PresenceListener defaults = presence -> { };
        defaults.onConnected(); // the defaults do nothing
        defaults.onDisconnected(new PresenceTransportException("x", null));
        defaults.onGap(1);
        defaults.onError(new PresenceTransportException("x", null));
    }

    /**
     * The server answers a {@code Last-Event-ID} newer than its store by starting over: every user's current
     * presence, with older ids. The watch tells the listener before those presences, once per such resume.
     */
    @Test
    void reportsAGapWhenTheServerCannotResume() throws Exception {
        server.enqueue(stream(event("alice", 50)));
        server.enqueue(stream(event("alice", 7) + event("alice", 8)));
        server.enqueue(stream(event("alice", 9)));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build());
             PresenceWatch watch = client.watch(List.of("alice"), listener)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 4);
            assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Last-Event-ID")).isNull();
            assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Last-Event-ID")).isEqualTo("50");
            assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Last-Event-ID")).isEqualTo("8");
            assertThat(watch.lastEventId()).hasValue(9);
        }
        assertThat(heard).containsSubsequence("connected", "presence 50", "disconnected", "connected", "gap 50",
                "presence 7", "presence 8", "disconnected", "connected", "presence 9");
        assertThat(heard).filteredOn(line -> line.startsWith("gap")).containsExactly("gap 50");
        assertThat(disconnects).first().isInstanceOf(PresenceTransportException.class)
                .extracting(Throwable::getMessage).isEqualTo("the server ended the presence stream");
    }

    /**
     * A node names the start-over with a {@code restart} event first, so the watch tells the listener even when none
     * of its users has a presence there to send; the presences after it are no second gap.
     */
    @Test
    void aRestartEventIsTheGapEvenWithNothingAfterIt() throws Exception {
        server.enqueue(stream(event("alice", 50)));
        server.enqueue(stream("event: restart\ndata: {\"lastEventId\":50}\n\n"));
        server.enqueue(stream("event: restart\ndata: {\"lastEventId\":50}\n\n" + event("alice", 3)));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build());
             PresenceWatch watch = client.watch(List.of("alice"), listener)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
            assertThat(watch.lastEventId()).hasValue(3);
        }
        assertThat(heard).containsSubsequence("connected", "presence 50", "disconnected", "connected", "gap 50",
                "disconnected", "connected", "gap 50", "presence 3");
        assertThat(heard).filteredOn(line -> line.startsWith("gap")).hasSize(2);
    }

    @Test
    void aBrokenStreamIsADisconnectAndAFailedOpenAnError() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body(event("alice", 2) + ": " + "x".repeat(event("alice", 2).length() + 100) + "\n\n")
                .onResponseBody(new SocketEffect.CloseSocket()).build()); // half the body, then the socket closes
        server.enqueue(Fixtures.error(503, "unavailable"));
        server.enqueue(stream(event("alice", 4)));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build());
             PresenceWatch watch = client.watch(List.of("alice"), listener)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
        }
        assertThat(heard).containsSubsequence("connected", "presence 2", "disconnected", "error", "connected",
                "presence 4");
        assertThat(errors).first().isInstanceOf(PresenceUnavailableException.class);
    }

    /**
     * A node that takes the connection but does not answer holds an attempt for the call's read timeout, not the
     * stream's (45 s, above the heartbeat interval), then the watch tries again.
     */
    @Test
    void anAttemptThatDoesNotOpenWithinTheReadTimeoutIsGivenUp() {
        server.enqueue(stream(event("alice", 2)).newBuilder().headersDelay(30, TimeUnit.SECONDS).build());
        server.enqueue(stream(event("alice", 3)));
        long began = System.nanoTime();
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server)
                .readTimeout(Duration.ofMillis(500)).build());
             PresenceWatch watch = client.watch(List.of("alice"), listener)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(30));
        assertThat(heard).startsWith("error", "connected", "presence 3");
        assertThat(errors).first().isInstanceOf(PresenceTransportException.class).extracting(Throwable::getMessage)
                .isEqualTo("presence stream failed: no answer in time (not opened within 500ms)");
    }

    @Test
    void closingTheWatchIsNoDisconnect() {
        CountDownLatch testOver = new CountDownLatch(1);
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body(new MockResponseBody() {
                    @Override
                    public long getContentLength() {
                        return -1;
                    }

                    @Override
                    public void writeTo(BufferedSink sink) throws IOException {
                        sink.writeUtf8(event("alice", 2)).flush();
                        try {
                            testOver.await(30, TimeUnit.SECONDS); // an open stream, until the test is over
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).build());
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build());
             PresenceWatch watch = client.watch(List.of("alice"), listener)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
            watch.close();
            assertThat(watch.isClosed()).isTrue();
        } finally {
            testOver.countDown();
        }
        assertThat(heard).containsExactly("connected", "presence 2");
    }

    @Test
    void reportsABadEventAndKeepsGoing() {
        server.enqueue(stream("id: 3\nevent: presence\ndata: {not json\n\n" + event("alice", 4)));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build());
             PresenceWatch watch = client.watch(List.of("alice"), listener)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
            assertThat(errors).singleElement().isInstanceOf(PresenceTransportException.class);
            assertThat(watch.isClosed()).isFalse();
        }
    }

    @Test
    void anEventWithoutRequiredFieldsIsAnErrorNotAPresence() {
        server.enqueue(stream("id: 3\nevent: presence\ndata: {\"userId\":null}\n\n" + event("alice", 4)));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build());
             PresenceWatch watch = client.watch(List.of("alice"), listener)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
            assertThat(seen).extracting(Presence::revision).containsExactly(4L);
            assertThat(errors).singleElement().isInstanceOf(PresenceTransportException.class)
                    .extracting(Throwable::getMessage).isEqualTo("server sent a stream event that is not a Presence: "
                            + "missing userId, status, updatedAt, nodeId, revision");
        }
    }

    @Test
    void stopsOnAnErrorThatCannotHeal() {
        server.enqueue(Fixtures.error(401, "unauthorized"));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build());
             PresenceWatch watch = client.watch(List.of("alice"), listener)) {
            await().atMost(Duration.ofSeconds(10)).until(watch::isClosed);
            assertThat(errors).singleElement().isInstanceOf(PresenceUnauthorizedException.class);
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void stopsOnARedirectNamingWhereItPoints() {
        server.enqueue(new MockResponse.Builder().code(308)
                .addHeader("Location", "https://presence.example.com/api/v2/presence/stream?users=alice").build());
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build());
             PresenceWatch watch = client.watch(List.of("alice"), listener)) {
            await().atMost(Duration.ofSeconds(10)).until(watch::isClosed);
            assertThat(errors).singleElement().isInstanceOfSatisfying(PresenceApiException.class, e -> {
                assertThat(e.status()).isEqualTo(308);
                assertThat(e.getMessage()).startsWith("HTTP 308: redirected to https://presence.example.com/");
            });
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void retriesAfterAnUnavailableServer() {
        server.enqueue(Fixtures.error(503, "unavailable"));
        server.enqueue(stream(event("alice", 2)));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build());
             PresenceWatch watch = client.watch(List.of("alice"), presence -> seen.add(presence))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
        }
    }

    @Test
    void failsOverToTheNextServerWhenTheFirstRefuses() throws Exception {
        server.enqueue(stream(event("alice", 2)));
        PresenceClientOptions options = PresenceClientOptions.builder()
                .baseUrls(List.of(Fixtures.refusedUrl(), server.url("/").toString())).build();
        try (PresenceClient client = PresenceClient.create(options);
             PresenceWatch watch = client.watch(List.of("alice"), listener)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
            assertThat(errors).first().isInstanceOf(PresenceTransportException.class);
        }
    }

    @Test
    void closingTheClientClosesItsWatches() {
        server.enqueue(stream(event("alice", 2)));
        PresenceClient client = PresenceClient.create(Fixtures.options(server).build());
        PresenceWatch watch = client.watch(List.of("alice"), listener);
        client.close();
        assertThat(watch.isClosed()).isTrue();
        watch.close();
    }

    @Test
    void listenerFailuresDoNotStopTheWatch() {
        server.enqueue(stream(event("alice", 2) + event("alice", 3)));
        List<Long> revisions = new CopyOnWriteArrayList<>();
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build());
             PresenceWatch watch = client.watch(List.of("alice"), new PresenceListener() {
                 @Override
                 public void onPresence(Presence presence) {
                     revisions.add(presence.revision());
                     throw new IllegalStateException("listener bug");
                 }

                 @Override
                 public void onError(PresenceException error) {
                     throw new IllegalStateException("listener bug");
                 }
             })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> revisions.size() >= 2);
        }
    }

    @Test
    void keepsTryingWhenTheTokenSupplierFails() {
        server.enqueue(stream(event("alice", 2)));
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        PresenceClientOptions options = Fixtures.options(server).tokenSupplier(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("token service down");
            }
            return "fresh";
        }).build();
        try (PresenceClient client = PresenceClient.create(options);
             PresenceWatch watch = client.watch(List.of("alice"), listener)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
            assertThat(errors).first().extracting(Throwable::getMessage).asString().contains("token service down");
        }
    }
}
