package io.presence.client.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.presence.api.Presence;
import io.presence.api.PresenceSession;
import io.presence.api.PresenceStatus;
import io.presence.client.PresenceClient;
import io.presence.client.PresenceHeartbeat;
import io.presence.client.PresenceWatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** The guide's snippets run, against a server that answers like a node, and the guide shows them as they are. */
class SdkGuideTest {

    private static final Path GUIDE = Path.of("../docs/sdk.md");
    private static final Path SNIPPETS = Path.of("src/test/java/io/presence/client/example/SdkGuide.java");

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private static String presence(String user, String status, long revision) {
        return "{\"userId\":\"" + user + "\",\"status\":\"" + status + "\",\"lastSeen\":\"2026-01-01T00:00:00Z\","
                + "\"updatedAt\":\"2026-01-01T00:00:00Z\",\"nodeId\":\"n1\",\"revision\":" + revision + "}";
    }

    /** Answers as a node would: writes echo the status, reads find alice and bob, the stream sends bob. */
    private final Dispatcher node = new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            if (path.endsWith("/stream")) {
                return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
                        .body("id: 3\nevent: presence\ndata: " + presence("bob", "away", 3) + "\n\n").build();
            }
            if (path.endsWith("/batch")) {
                return json(200, "{\"presences\":[" + presence("alice", "online", 1) + "],\"notFound\":[\"bob\",\"carol\"]}");
            }
            if (path.endsWith("/mallory")) {
                return json(403, "{\"code\":\"forbidden\",\"message\":\"no\",\"details\":[]}");
            }
            if (path.endsWith("/sessions")) {
                return json(200, "{\"userId\":\"alice\",\"revision\":4,\"sessions\":[{\"sessionId\":\"laptop\","
                        + "\"status\":\"online\",\"lastSeen\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\","
                        + "\"expiresAt\":\"2026-01-01T00:10:00Z\",\"ttlSeconds\":600,\"nodeId\":\"n1\"}]}");
            }
            String status = "PUT".equals(request.getMethod())
                    ? request.getBody().utf8().replaceAll(".*\"status\":\"(\\w+)\".*", "$1") : "online";
            return json(200, presence(request.getUrl().pathSegments().get(3), status, 2)); // /api/v2/presence/{user}
        }
    };

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    private PresenceClient client() {
        server.setDispatcher(node);
        return SdkGuide.create(server.url("/").toString(), () -> "a-token");
    }

    @Test
    void readsAndWrites() throws Exception {
        try (PresenceClient client = client()) {
            assertThat(SdkGuide.readAndWrite(client).notFound()).containsExactly("bob", "carol");
        }
        assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"status\":\"online\"}");
        assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"status\":\"busy\",\"message\":\"in a call\"}");
        assertThat(server.takeRequest().getBody().utf8())
                .isEqualTo("{\"status\":\"away\",\"message\":\"lunch\",\"ttlSeconds\":2700}");
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer a-token");
    }

    @Test
    void heartbeats() {
        try (PresenceClient client = client(); PresenceHeartbeat me = SdkGuide.heartbeat(client)) {
            assertThat(me.state()).isEqualTo(PresenceHeartbeat.State.RUNNING);
        }
        assertThat(server.getRequestCount()).isEqualTo(2); // the first beat, the end of its session
    }

    @Test
    void sessionsAreWrittenEndedAndListed() throws Exception {
        try (PresenceClient client = client()) {
            assertThat(SdkGuide.sessions(client).sessions()).extracting(PresenceSession::sessionId)
                    .containsExactly("laptop");
        }
        assertThat(requestLine(server.takeRequest())).isEqualTo("PUT /api/v2/presence/alice/sessions/phone");
        assertThat(requestLine(server.takeRequest())).isEqualTo("PUT /api/v2/presence/alice/sessions/laptop");
        assertThat(requestLine(server.takeRequest())).isEqualTo("DELETE /api/v2/presence/alice/sessions/phone");
        assertThat(requestLine(server.takeRequest())).isEqualTo("GET /api/v2/presence/alice/sessions");
    }

    @Test
    void aDeviceHeartbeatBeatsAndEndsItsNamedSession() throws Exception {
        try (PresenceClient client = client(); PresenceHeartbeat phone = SdkGuide.deviceHeartbeat(client, "phone-7f3a")) {
            assertThat(phone.sessionId()).isEqualTo("phone-7f3a");
        }
        assertThat(requestLine(server.takeRequest())).isEqualTo("PUT /api/v2/presence/alice/sessions/phone-7f3a");
        assertThat(requestLine(server.takeRequest())).isEqualTo("DELETE /api/v2/presence/alice/sessions/phone-7f3a");
    }

    @Test
    void privacySettingsAreSent() throws Exception {
        try (PresenceClient client = client()) {
            assertThat(SdkGuide.privacy(client).userId()).isEqualTo("alice");
        }
        assertThat(server.takeRequest().getBody().utf8())
                .isEqualTo("{\"status\":\"online\",\"visibility\":\"invisible\",\"shareLastSeen\":false}");
    }

    private static String requestLine(RecordedRequest request) {
        return request.getMethod() + " " + request.getTarget();
    }

    @Test
    void watches() {
        Map<String, Presence> view = new ConcurrentHashMap<>();
        try (PresenceClient client = client(); PresenceWatch watch = SdkGuide.watch(client, view)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> view.containsKey("bob"));
            assertThat(view.get("bob").status()).isEqualTo(PresenceStatus.AWAY);
        }
    }

    @Test
    void tellsErrorsApart() {
        try (PresenceClient client = client()) {
            assertThat(SdkGuide.errors(client, "alice")).isEqualTo("online");
            assertThat(SdkGuide.errors(client, "mallory")).isEqualTo("token refused: forbidden");
            assertThat(SdkGuide.errors(client, "no one")).startsWith("not sent: userId: invalid user id 'no one'");
        }
    }

    @Test
    void cancels() throws Exception {
        try (PresenceClient client = client()) {
            assertThat(SdkGuide.cancel(client)).isPresent();
        }
    }

    @Test
    void theGuideShowsTheSnippetsAsTheyAreHere() throws Exception {
        String guide = Files.readString(GUIDE);
        String snippets = normalized(Files.readString(SNIPPETS));
        List<String> blocks = new ArrayList<>();
        Matcher java = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(guide);
        while (java.find()) {
            blocks.add(java.group(1));
        }
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(9)
                .allSatisfy(block -> assertThat(snippets).contains(normalized(block)));
    }

    /** Each line stripped: the guide shows a method's body without the method's indentation. */
    private static String normalized(String code) {
        return code.lines().map(String::strip).filter(line -> !line.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }
}
