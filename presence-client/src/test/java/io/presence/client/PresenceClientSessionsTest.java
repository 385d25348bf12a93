package io.presence.client;

import static io.presence.client.Fixtures.error;
import static io.presence.client.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.presence.api.ErrorDetail;
import io.presence.api.Presence;
import io.presence.api.PresenceSession;
import io.presence.api.PresenceStatus;
import io.presence.api.SessionList;
import io.presence.api.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The session calls and the privacy settings, on the wire: method, path, headers, body, answers, errors. */
class PresenceClientSessionsTest {

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private PresenceClient client() {
        return PresenceClient.create(Fixtures.options(server).token("alice-token").build());
    }

    /** The writer's own view of an aggregate: sessions counted, privacy settings shown. */
    private static MockResponse ownView(long revision) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .addHeader("ETag", "\"" + revision + "\"").body("""
                        {"userId":"alice","status":"busy","message":"call","lastSeen":"2026-01-01T00:00:00Z",\
                        "updatedAt":"2026-01-01T00:00:01Z","expiresAt":"2026-01-01T00:01:00Z","ttlSeconds":60,\
                        "nodeId":"n1","revision":%d,"sessions":2,"visibility":"invisible","shareLastSeen":false}"""
                        .formatted(revision)).build();
    }

    private static final String SESSIONS = """
            {"userId":"alice","revision":9,"sessions":[\
            {"sessionId":"phone","status":"busy","message":"call","lastSeen":"2026-01-01T00:00:02Z",\
            "updatedAt":"2026-01-01T00:00:02Z","expiresAt":"2026-01-01T00:02:02Z","ttlSeconds":120,"nodeId":"n1"},\
            {"sessionId":"laptop","status":"online","lastSeen":"2026-01-01T00:00:01Z",\
            "updatedAt":"2026-01-01T00:00:01Z","expiresAt":"2026-01-01T00:10:01Z","ttlSeconds":600,"nodeId":"n2",\
            "futureField":1}]}""";

    @Test
    void setSessionPutsTheUpdateToTheSessionsPathWithTheToken() throws Exception {
        server.enqueue(ownView(7));
        try (PresenceClient client = client()) {
            Presence stored = client.setSession("alice", "phone", new StatusUpdate(PresenceStatus.BUSY, "call",
                    Duration.ofMinutes(2)));
            assertThat(stored.sessions()).isEqualTo(2);
            assertThat(stored.visibility()).isEqualTo(Visibility.INVISIBLE);
            assertThat(stored.shareLastSeen()).isFalse();
        }
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("PUT");
        assertThat(request.getTarget()).isEqualTo("/api/v2/presence/alice/sessions/phone");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer alice-token");
        assertThat(request.getBody().utf8()).isEqualTo("{\"status\":\"busy\",\"message\":\"call\",\"ttlSeconds\":120}");
    }

    /** Every character a valid id may hold reaches the server as typed: none needs escaping in a path segment. */
    @Test
    void idsWithEveryAllowedPunctuationAreSentAsTheyAre() throws Exception {
        server.enqueue(ownView(1));
        server.enqueue(json(200, SESSIONS));
        server.enqueue(ownView(2));
        server.enqueue(ownView(3));
        try (PresenceClient client = client()) {
            client.setSession("a.b_c@d:e-f", "dev.1_x@y:z-2", StatusUpdate.of(PresenceStatus.ONLINE));
            client.sessions("a.b_c@d:e-f");
            client.endSession("a.b_c@d:e-f", "dev.1_x@y:z-2");
            client.endAllSessions("a.b_c@d:e-f");
        }
        assertThat(server.takeRequest().getUrl().encodedPath())
                .isEqualTo("/api/v2/presence/a.b_c@d:e-f/sessions/dev.1_x@y:z-2");
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/v2/presence/a.b_c@d:e-f/sessions");
        assertThat(server.takeRequest().getUrl().encodedPath())
                .isEqualTo("/api/v2/presence/a.b_c@d:e-f/sessions/dev.1_x@y:z-2");
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/v2/presence/a.b_c@d:e-f");
    }

    @Test
    void privacySettingsAreSentOnlyWhenSet() throws Exception {
        server.enqueue(ownView(1));
        server.enqueue(ownView(2));
        server.enqueue(ownView(3));
        StatusUpdate hidden = StatusUpdate.of(PresenceStatus.ONLINE).withVisibility(Visibility.INVISIBLE)
                .withShareLastSeen(false);
        try (PresenceClient client = client()) {
            client.set("alice", hidden);
            client.setSession("alice", "phone", hidden.withTtl(Duration.ofSeconds(30)));
            client.set("alice", StatusUpdate.of(PresenceStatus.AWAY).withShareLastSeen(true));
        }
        assertThat(server.takeRequest().getBody().utf8())
                .isEqualTo("{\"status\":\"online\",\"visibility\":\"invisible\",\"shareLastSeen\":false}");
        assertThat(server.takeRequest().getBody().utf8()).isEqualTo(
                "{\"status\":\"online\",\"ttlSeconds\":30,\"visibility\":\"invisible\",\"shareLastSeen\":false}");
        assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"status\":\"away\",\"shareLastSeen\":true}");
        assertThat(hidden.withTtl(Duration.ofSeconds(5))).extracting(StatusUpdate::visibility, StatusUpdate::shareLastSeen)
                .containsExactly(Visibility.INVISIBLE, false);
        assertThatThrownBy(() -> hidden.withVisibility(null)).isInstanceOf(PresenceInvalidInputException.class)
                .hasMessage("visibility is required");
    }

    @Test
    void sessionsReadsTheListWithTheToken() throws Exception {
        server.enqueue(json(200, SESSIONS));
        try (PresenceClient client = client()) {
            SessionList list = client.sessions("alice");
            assertThat(list.userId()).isEqualTo("alice");
            assertThat(list.revision()).isEqualTo(9);
            assertThat(list.sessions()).extracting(PresenceSession::sessionId).containsExactly("phone", "laptop");
            assertThat(list.sessions().get(0)).satisfies(phone -> {
                assertThat(phone.status()).isEqualTo(PresenceStatus.BUSY);
                assertThat(phone.message()).isEqualTo("call");
                assertThat(phone.expiresAt()).isEqualTo(Instant.parse("2026-01-01T00:02:02Z"));
                assertThat(phone.ttlSeconds()).isEqualTo(120L);
            });
            assertThat(list.sessions().get(1).message()).isNull();
        }
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getTarget()).isEqualTo("/api/v2/presence/alice/sessions");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer alice-token");
        assertThat(request.getHeaders().get("If-None-Match")).isNull();
    }

    @Test
    void aSessionListWithoutWhatTheContractRequiresIsMalformed() {
        server.enqueue(json(200, "{\"userId\":\"alice\",\"revision\":3}"));
        server.enqueue(json(200, "{\"userId\":\"alice\",\"revision\":3,\"sessions\":[{\"sessionId\":\"phone\"}]}"));
        try (PresenceClient client = client()) {
            assertThatThrownBy(() -> client.sessions("alice")).isInstanceOf(PresenceTransportException.class)
                    .hasMessage("server answered 200 with a body that is not a SessionList "
                            + "(Content-Type application/json): missing sessions");
            assertThatThrownBy(() -> client.sessions("alice")).isInstanceOf(PresenceTransportException.class)
                    .hasMessageEndingWith(": sessions[0] missing status, lastSeen, updatedAt, expiresAt, ttlSeconds, "
                            + "nodeId");
        }
    }

    /** A user who hides lastSeen is served without it to everyone else: a presence, not a malformed answer. */
    @Test
    void aPresenceWithoutLastSeenIsRead() {
        server.enqueue(json(200, """
                {"userId":"bob","status":"online","updatedAt":"2026-01-01T00:00:01Z","nodeId":"n1","revision":4,\
                "sessions":1}"""));
        try (PresenceClient client = client()) {
            Presence bob = client.get("bob").orElseThrow();
            assertThat(bob.lastSeen()).isNull();
            assertThat(bob.sessions()).isEqualTo(1);
            assertThat(bob.visibility()).isNull();
        }
    }

    @Test
    void endSessionDeletesTheSessionAndReturnsTheAggregate() throws Exception {
        server.enqueue(ownView(8));
        server.enqueue(new MockResponse.Builder().code(304).build());
        try (PresenceClient client = client()) {
            Presence left = client.endSession("alice", "phone");
            assertThat(left.revision()).isEqualTo(8);
            assertThat(client.get("alice")).as("the answer's ETag is kept").contains(left);
        }
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("DELETE");
        assertThat(request.getTarget()).isEqualTo("/api/v2/presence/alice/sessions/phone");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer alice-token");
        assertThat(request.getBody()).isNull();
        assertThat(server.takeRequest().getHeaders().get("If-None-Match")).isEqualTo("\"8\"");
    }

    @Test
    void endAllSessionsDeletesTheUser() throws Exception {
        server.enqueue(json(200, Fixtures.presenceJson("alice", "offline", 10)));
        try (PresenceClient client = client()) {
            assertThat(client.endAllSessions("alice").status()).isEqualTo(PresenceStatus.OFFLINE);
        }
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("DELETE");
        assertThat(request.getTarget()).isEqualTo("/api/v2/presence/alice");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer alice-token");
    }

    /** The API's 404s (no presence, no such live session) and an older server's are all thrown, never empty. */
    @Test
    void aNotFoundIsThrownByEverySessionCall() {
        server.enqueue(Fixtures.userNotFound());
        server.enqueue(json(404, "{\"code\":\"not_found\",\"message\":\"no live session 'tv' of user 'alice'\","
                + "\"details\":[{\"field\":\"userId\",\"message\":\"has no presence\"}]}"));
        server.enqueue(Fixtures.userNotFound());
        server.enqueue(error(404, "not_found"));
        try (PresenceClient client = client()) {
            assertThatThrownBy(() -> client.sessions("alice")).isInstanceOf(PresenceNotFoundException.class);
            assertThatThrownBy(() -> client.endSession("alice", "tv")).isInstanceOf(PresenceNotFoundException.class)
                    .hasMessage("no live session 'tv' of user 'alice'");
            assertThatThrownBy(() -> client.endAllSessions("alice")).isInstanceOf(PresenceNotFoundException.class);
            assertThatThrownBy(() -> client.setSession("alice", "tv", StatusUpdate.of(PresenceStatus.ONLINE)))
                    .isInstanceOfSatisfying(PresenceNotFoundException.class, e -> assertThat(e.details()).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"set", "list", "end", "endAll"})
    void errorStatusesAreTheTypedExceptions(String call) {
        server.enqueue(error(401, "unauthorized"));
        server.enqueue(error(403, "forbidden"));
        server.enqueue(error(412, "precondition_failed"));
        server.enqueue(error(400, "invalid_request"));
        try (PresenceClient client = client()) {
            Consumer<Class<? extends PresenceApiException>> expect = type ->
                    assertThatThrownBy(() -> call(client, call)).isInstanceOf(type);
            expect.accept(PresenceUnauthorizedException.class);
            expect.accept(PresenceForbiddenException.class);
            expect.accept(PresenceConflictException.class);
            expect.accept(PresenceValidationException.class);
        }
    }

    private static Object call(PresenceClient client, String call) {
        return switch (call) {
            case "set" -> client.setSession("alice", "phone", StatusUpdate.of(PresenceStatus.ONLINE));
            case "list" -> client.sessions("alice");
            case "end" -> client.endSession("alice", "phone");
            default -> client.endAllSessions("alice");
        };
    }

    @Test
    void tooManySessionsIsAValidationExceptionNamingTheSessionId() {
        server.enqueue(json(422, """
                {"code":"validation_failed","message":"user 'alice' has 16 live sessions, the most allowed",\
                "details":[{"field":"sessionId","message":"at most 16 live sessions"}]}"""));
        try (PresenceClient client = client()) {
            assertThatThrownBy(() -> client.setSession("alice", "tv", StatusUpdate.of(PresenceStatus.ONLINE)))
                    .isInstanceOfSatisfying(PresenceValidationException.class, e -> {
                        assertThat(e.status()).isEqualTo(422);
                        assertThat(e.code()).isEqualTo("validation_failed");
                        assertThat(e.details()).containsExactly(new ErrorDetail("sessionId", "at most 16 live sessions"));
                    });
        }
    }

    @Test
    void asyncTwinsCompleteWithTheAnswerOrTheTypedException() {
        server.enqueue(ownView(1));
        server.enqueue(json(200, SESSIONS));
        server.enqueue(ownView(2));
        server.enqueue(ownView(3));
        server.enqueue(error(403, "forbidden"));
        server.enqueue(error(401, "unauthorized"));
        try (PresenceClient client = client()) {
            assertThat(client.setSessionAsync("alice", "phone", StatusUpdate.of(PresenceStatus.ONLINE)).join()
                    .revision()).isEqualTo(1);
            assertThat(client.sessionsAsync("alice").join().sessions()).hasSize(2);
            assertThat(client.endSessionAsync("alice", "phone").join().revision()).isEqualTo(2);
            assertThat(client.endAllSessionsAsync("alice").join().revision()).isEqualTo(3);
            assertThatThrownBy(() -> client.endSessionAsync("alice", "phone").join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(PresenceForbiddenException.class);
            assertThatThrownBy(() -> client.sessionsAsync("bob").join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(PresenceUnauthorizedException.class);
        }
    }

    @Test
    void invalidIdsAreRefusedBeforeSending() {
        try (PresenceClient client = client()) {
            StatusUpdate online = StatusUpdate.of(PresenceStatus.ONLINE);
            for (String bad : new String[] {"a/b", "", "..", "x".repeat(129), "ph one"}) {
                assertThatThrownBy(() -> client.setSession("alice", bad, online))
                        .isInstanceOfSatisfying(PresenceInvalidInputException.class,
                                e -> assertThat(e.field()).isEqualTo("sessionId"))
                        .hasMessageStartingWith("invalid session id '" + bad + "': must be 1-128 characters");
                assertThatThrownBy(() -> client.endSessionAsync("alice", bad))
                        .isInstanceOf(PresenceInvalidInputException.class);
            }
            assertThatThrownBy(() -> client.setSession("alice", null, online))
                    .isInstanceOf(PresenceInvalidInputException.class);
            assertThatThrownBy(() -> client.setSession("alice", "phone", null))
                    .isInstanceOf(PresenceInvalidInputException.class).hasMessage("update is required");
            for (String bad : new String[] {"a b", "batch"}) {
                List.<Runnable>of(() -> client.sessionsAsync(bad), () -> client.endAllSessionsAsync(bad),
                        () -> client.endSessionAsync(bad, "phone"), () -> client.setSessionAsync(bad, "phone", online))
                        .forEach(call -> assertThatThrownBy(call::run)
                                .isInstanceOfSatisfying(PresenceInvalidInputException.class,
                                        e -> assertThat(e.field()).isEqualTo("userId")));
            }
        }
        assertThat(server.getRequestCount()).isZero();
    }
}
