package io.presence.service.it;

import static io.presence.service.testing.TestNode.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.presence.api.ErrorResponse;
import io.presence.api.Presence;
import io.presence.api.PresenceStatus;
import io.presence.service.store.UserKeyCodec;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.SseClient;
import io.presence.service.testing.TestNode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /api/v2/presence/stream} of a real center node, through real HTTP. */
class PresenceStreamIT {

    private static final String STREAM = "/api/v2/presence/stream";

    @RegisterExtension
    static final NodesExtension nodes = new NodesExtension();
    static TestNode node;
    static HttpClient http;

    @BeforeAll
    static void startNode() {
        // A thousand streams from one address: a capacity test, not a rate-limit test. Heartbeats every
        // 200 ms (15 s by default), so that a test sees them at once.
        node = nodes.center("maxBatchSize: 5", """
                rateLimit:
                  enabled: false
                stream:
                  heartbeatInterval: 200ms
                  maxStreams: 1100
                """).start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4)).build();
    }

    private static Presence presence(SseClient.Event event) {
        try {
            return TestNode.JSON.readValue(event.data(), Presence.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(event.data(), e);
        }
    }

    private static ErrorResponse error(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return read(response, ErrorResponse.class);
    }

    @Test
    void sendsCurrentStateThenChangesThenTheAutoOfflineTransition() {
        Presence before = read(node.put("s-alice", "{\"status\":\"busy\",\"ttlSeconds\":60}"), Presence.class);
        try (SseClient client = SseClient.open(http, node.uri(STREAM + "?users=s-alice,s-nobody"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() == 1);
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.contentType()).startsWith("text/event-stream");
            SseClient.Event first = client.events().get(0);
            assertThat(first.event()).isEqualTo("presence");
            assertThat(first.id()).isEqualTo(String.valueOf(before.revision()));
            assertThat(presence(first)).isEqualTo(before);
            assertThat(first.data()).isEqualTo(node.get("/api/v2/presence/s-alice").body());

            Presence online = read(node.put("s-alice", "{\"status\":\"online\",\"ttlSeconds\":1}"), Presence.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() >= 2);
            assertThat(presence(client.events().get(1))).isEqualTo(online);

            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() >= 3);
            Presence offline = presence(client.events().get(2));
            assertThat(offline.status()).isEqualTo(PresenceStatus.OFFLINE);
            assertThat(offline.revision()).isGreaterThan(online.revision());
            assertThat(Long.parseLong(client.events().get(2).id())).isEqualTo(offline.revision());
        }
    }

    /**
     * A record stored again as it was (the compactor's move of an old record) is no news: the stream sends nothing,
     * reads show the same presence at its new revision, and the next write is sent as usual.
     */
    @Test
    void aRecordStoredAgainUnchangedIsNotSent() throws Exception {
        Presence before = read(node.put("m-alice", "{\"status\":\"away\",\"ttlSeconds\":600}"), Presence.class);
        try (SseClient client = SseClient.open(http, node.uri(STREAM + "?users=m-alice"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() == 1);
            KeyValue kv = nodes.closeAfter(Nats.connect(node.natsUrl())).keyValue("presence");
            String key = UserKeyCodec.encode("m-alice");
            long moved = kv.put(key, kv.get(key).getValue());

            await().atMost(Duration.ofSeconds(10)).until(
                    () -> read(node.get("/api/v2/presence/m-alice"), Presence.class).revision() == moved);
            Presence after = read(node.get("/api/v2/presence/m-alice"), Presence.class);
            assertThat(after).usingRecursiveComparison().ignoringFields("revision").isEqualTo(before);

            Presence online = read(node.put("m-alice", "{\"status\":\"online\",\"ttlSeconds\":600}"),
                    Presence.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() >= 2);
            assertThat(client.events()).extracting(PresenceStreamIT::presence).containsExactly(before, online);
        }
    }

    /** Comments that keep an idle stream's connection open through proxies, and tell the client it is alive. */
    @Test
    void sendsHeartbeatCommentsOnAnIdleStream() {
        try (SseClient client = SseClient.open(http, node.uri(STREAM + "?users=h-nobody"))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> client.comments() >= 2);
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.events()).as("heartbeats are comments, not events").isEmpty();
        }
    }

    @Test
    void resumesAfterLastEventIdWithoutMissingChanges() {
        Presence a = read(node.put("r-a", "{\"status\":\"online\",\"ttlSeconds\":60}"), Presence.class);
        node.put("r-b", "{\"status\":\"online\",\"ttlSeconds\":60}");
        node.put("r-c", "{\"status\":\"online\",\"ttlSeconds\":60}");
        long lastSeen;
        try (SseClient client = SseClient.open(http, node.uri(STREAM + "?users=r-a,r-b,r-c"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() == 3);
            lastSeen = client.events().stream().mapToLong(e -> Long.parseLong(e.id())).max().orElseThrow();
        }
        Presence a2 = read(node.put("r-a", "{\"status\":\"away\",\"ttlSeconds\":60}"), Presence.class);
        Presence b2 = read(node.put("r-b", "{\"status\":\"busy\",\"ttlSeconds\":60}"), Presence.class);
        assertThat(a2.revision()).isGreaterThan(a.revision());

        try (SseClient header = SseClient.open(http, node.uri(STREAM + "?users=r-a,r-b,r-c"),
                "Last-Event-ID", String.valueOf(lastSeen));
             SseClient query = SseClient.open(http, node.uri(STREAM + "?users=r-a,r-b,r-c&lastEventId=" + lastSeen))) {
            for (SseClient client : List.of(header, query)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() == 2);
                assertThat(client.events()).extracting(PresenceStreamIT::presence).containsExactly(a2, b2);
            }
            Presence c2 = read(node.put("r-c", "{\"status\":\"online\",\"ttlSeconds\":30}"), Presence.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> header.events().size() == 3);
            assertThat(presence(header.events().get(2))).isEqualTo(c2);
        }
    }

    /**
     * A stream's ids only grow, the opening snapshot included, whatever order the users are asked in: a stream
     * cut after any event and resumed from its id gets every user it had not yet sent (asked as {@code z,y,x}
     * and sent in that order, a cut after z's id lost x and y, whose revisions are lower, for good).
     */
    @Test
    void theSnapshotIsInRevisionOrderSoAResumeAfterAnyEventLosesNoUser() {
        List<Presence> written = new ArrayList<>();
        for (String user : List.of("o-x", "o-y", "o-z")) {
            written.add(read(node.put(user, "{\"status\":\"online\",\"ttlSeconds\":60}"), Presence.class));
        }
        List<SseClient.Event> events;
        try (SseClient client = SseClient.open(http, node.uri(STREAM + "?users=o-z,o-y,o-x"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() == 3);
            events = List.copyOf(client.events());
        }
        assertThat(events).extracting(PresenceStreamIT::presence).containsExactlyElementsOf(written);

        for (int cut = 0; cut < 3; cut++) {
            String after = events.get(cut).id();
            String marker = "o-m" + cut;
            try (SseClient resumed = SseClient.open(http, node.uri(STREAM + "?users=o-z,o-y,o-x," + marker),
                    "Last-Event-ID", after)) {
                // A write after the resume comes after whatever the resume had to send.
                Presence last = read(node.put(marker, "{\"status\":\"busy\",\"ttlSeconds\":60}"), Presence.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> resumed.events().stream()
                        .anyMatch(event -> presence(event).equals(last)));
                List<Presence> expected = new ArrayList<>(written.subList(cut + 1, 3));
                expected.add(last);
                assertThat(resumed.events()).as("after " + after).extracting(PresenceStreamIT::presence)
                        .containsExactlyElementsOf(expected);
            }
        }
    }

    /** An id from before a bucket reset: resuming after it would skip every change until the bucket caught up. */
    @Test
    void anEventIdNewerThanTheBucketStartsTheStreamOver() {
        Presence current = read(node.put("f-a", "{\"status\":\"online\",\"ttlSeconds\":60}"), Presence.class);

        try (SseClient client = SseClient.open(http, node.uri(STREAM + "?users=f-a"), "Last-Event-ID", "999999999999")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() == 2);
            // Said first, with no id (the client's cursor is not a position here): a client whose users have no
            // presence here would otherwise hear nothing of the start-over.
            assertThat(client.events().get(0)).isEqualTo(new SseClient.Event(null, "restart",
                    "{\"lastEventId\":999999999999}"));
            assertThat(presence(client.events().get(1))).isEqualTo(current);
            Presence next = read(node.put("f-a", "{\"status\":\"busy\",\"ttlSeconds\":60}"), Presence.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() == 3);
            assertThat(presence(client.events().get(2))).isEqualTo(next);
        }
        try (SseClient nobody = SseClient.open(http, node.uri(STREAM + "?users=nobody-here"), "Last-Event-ID",
                "999999999999")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> nobody.events().size() == 1);
            assertThat(nobody.events().get(0).event()).isEqualTo("restart");
        }
    }

    @Test
    void rejectsBadRequestsAsJson() {
        assertThat(error(node.get(STREAM), 400).details()).extracting("field").containsExactly("users");
        assertThat(error(node.get(STREAM + "?users=ok,bad%20id"), 400).details())
                .extracting("field").containsExactly("users[1]");
        assertThat(error(node.get(STREAM + "?users=a,b,c,d,e,f"), 422).code()).isEqualTo("validation_failed");
        assertThat(error(node.get(STREAM + "?users=a", "Last-Event-ID", "x"), 400).details())
                .extracting("field").containsExactly("Last-Event-ID");
        assertThat(error(node.get(STREAM + "?users=a&lastEventId=-1"), 400).details())
                .extracting("field").containsExactly("lastEventId");
        assertThat(error(node.get(STREAM + "?users=a", "Last-Event-ID", "1", "Last-Event-ID", "2"), 400).message())
                .isEqualTo("Last-Event-ID must be given once");
        assertThat(error(node.get(STREAM + "?users=a&lastEventId=1&lastEventId=2"), 400).message())
                .isEqualTo("lastEventId must be given once");
        HttpResponse<String> post = node.post(STREAM + "?users=a", "{}");
        assertThat(error(post, 405).code()).isEqualTo("method_not_allowed");
        // Worded as every other 405 of the API.
        assertThat(error(post, 405).message())
                .isEqualTo("method not allowed: POST /api/v2/presence/stream; allowed: GET, HEAD, OPTIONS");
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
        assertThat(error(node.get(STREAM + "?users=a", "Accept", "application/json"), 406).code())
                .isEqualTo("not_acceptable");
        assertThat(error(node.get(STREAM + "?users=a", "Accept", "text/event-stream;q=0"), 406).code())
                .isEqualTo("not_acceptable");
    }

    /** HEAD answers what GET would start with, after the same checks, and opens no stream. */
    @Test
    void headHasTheStreamsHeadersAndOpensNoStream() {
        // The streams of the tests before close as their server notices: a count still falling would hide one opened.
        await().atMost(Duration.ofSeconds(10)).until(() -> openStreams() == 0);
        int openBefore = openStreams();
        HttpResponse<String> head = head(STREAM + "?users=a,b");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/event-stream"));
        assertThat(head.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(head.headers().firstValue("Content-Length")).isEmpty();
        assertThat(head.body()).isEmpty();
        assertThat(openStreams()).isEqualTo(openBefore);

        HttpResponse<String> get = node.get(STREAM + "?users=ok,bad%20id");
        HttpResponse<String> bad = head(STREAM + "?users=ok,bad%20id");
        assertThat(bad.statusCode()).isEqualTo(get.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Length"))
                .hasValue(String.valueOf(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        assertThat(head(STREAM + "?users=a&lastEventId=x").statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> head(String path) {
        return node.send(java.net.http.HttpRequest.newBuilder(node.uri(path))
                .header("Accept", "text/event-stream")
                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void thousandSubscribersReceiveAnUpdate() {
        node.put("fan", "{\"status\":\"online\",\"ttlSeconds\":60}");
        int openBefore = openStreams();
        List<SseClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                clients.add(SseClient.open(http, node.uri(STREAM + "?users=fan")));
            }
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> clients.stream().allMatch(c -> c.events().size() == 1));
            assertThat(openStreams()).isGreaterThanOrEqualTo(1000);

            Presence update = read(node.put("fan", "{\"status\":\"away\",\"ttlSeconds\":60}"), Presence.class);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> clients.stream().allMatch(c -> c.events().size() == 2));
            for (SseClient client : clients) {
                assertThat(presence(client.events().get(1))).isEqualTo(update);
            }
        } finally {
            clients.forEach(SseClient::close);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> openStreams() <= openBefore);
    }

    private static int openStreams() {
        return (Integer) node.support().getEnvironment().metrics().getGauges().get("stream.open").getValue();
    }
}
