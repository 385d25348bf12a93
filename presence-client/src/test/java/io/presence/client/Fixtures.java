package io.presence.client;

import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** Canned bodies and helpers shared by the MockWebServer tests. */
final class Fixtures {

    private Fixtures() {
    }

    static String presenceJson(String userId, String status, long revision) {
        return """
                {"userId":"%s","status":"%s","lastSeen":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:01Z",\
                "expiresAt":"2026-01-01T00:01:00Z","ttlSeconds":60,"nodeId":"n1","revision":%d,"futureField":true}"""
                .formatted(userId, status, revision);
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse presence(String userId, long revision) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .addHeader("ETag", "\"" + revision + "\"").body(presenceJson(userId, "online", revision)).build();
    }

    /** The API's answer for a user without presence (what {@code GET /{userId}} answers). */
    static MockResponse userNotFound() {
        return json(404, "{\"code\":\"not_found\",\"message\":\"no presence for user 'x'\","
                + "\"details\":[{\"field\":\"userId\",\"message\":\"has no presence\"}]}");
    }

    static MockResponse error(int code, String errorCode) {
        return json(code, "{\"code\":\"" + errorCode + "\",\"message\":\"m-" + code + "\",\"details\":[]}");
    }

    static PresenceClientOptions.Builder options(MockWebServer server) {
        return PresenceClientOptions.builder().baseUrl(server.url("/").toString())
                .retryPolicy(new RetryPolicy(3, java.time.Duration.ofMillis(10), java.time.Duration.ofSeconds(2)));
    }

    /** A URL on which nothing listens: connections are refused. */
    static String refusedUrl() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/";
        }
    }

    /** Answers from a queue (or a function) and records when each request arrived. */
    static final class Recording extends Dispatcher {
        final List<Long> arrivals = new CopyOnWriteArrayList<>();
        final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
        private final ConcurrentLinkedQueue<MockResponse> queue = new ConcurrentLinkedQueue<>();
        private final Function<RecordedRequest, MockResponse> fallback;

        Recording(Function<RecordedRequest, MockResponse> fallback, MockResponse... responses) {
            this.fallback = fallback;
            queue.addAll(List.of(responses));
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            arrivals.add(System.nanoTime());
            requests.add(request);
            MockResponse next = queue.poll();
            return next != null ? next : fallback.apply(request);
        }
    }
}
