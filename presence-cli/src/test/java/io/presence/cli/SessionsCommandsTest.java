package io.presence.cli;

import static io.presence.cli.CliHarness.error;
import static io.presence.cli.CliHarness.json;
import static io.presence.cli.CliHarness.presenceJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** {@code presence sessions} and the session and privacy options of {@code presence set}, on the wire. */
class SessionsCommandsTest {

    @StartStop
    final MockWebServer server = new MockWebServer();

    private final CliHarness cli = new CliHarness();

    private String url() {
        return server.url("/").toString();
    }

    /** Phone written a minute before the harness's clock, lapsing a minute after; laptop lapsing now. */
    private static final String SESSIONS = """
            {"userId":"alice","revision":9,"sessions":[\
            {"sessionId":"phone","status":"busy","message":"call","lastSeen":"2026-01-01T00:02:00Z",\
            "updatedAt":"2026-01-01T00:02:00Z","expiresAt":"2026-01-01T00:04:00Z","ttlSeconds":120,"nodeId":"n1"},\
            {"sessionId":"laptop","status":"online","lastSeen":"2026-01-01T00:00:00Z",\
            "updatedAt":"2026-01-01T00:00:00Z","expiresAt":"2026-01-01T00:03:00Z","ttlSeconds":180,"nodeId":"n2"}]}""";

    private static final String NO_SESSION = "{\"code\":\"not_found\",\"message\":\"no live session 'tv' of user "
            + "'alice'\",\"details\":[{\"field\":\"sessionId\",\"message\":\"is not a live session of the user\"}]}";

    @Test
    void sessionsPrintsATableWithTheToken() throws Exception {
        server.enqueue(json(200, SESSIONS));
        assertThat(cli.run("sessions", "alice", "--token", "tok", "--url", url())).isZero();
        assertThat(cli.out()).isEqualTo(CliHarness.golden("sessions.txt"));
        assertThat(cli.err()).isEmpty();
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getTarget()).isEqualTo("/api/v2/presence/alice/sessions");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer tok");
    }

    @Test
    void sessionsPrintsJson() {
        server.enqueue(json(200, SESSIONS));
        assertThat(cli.run("sessions", "alice", "-o", "json", "--url", url())).isZero();
        JsonNode list = cli.json();
        assertThat(list.get("userId").asText()).isEqualTo("alice");
        assertThat(list.get("revision").asLong()).isEqualTo(9);
        assertThat(list.get("sessions")).extracting(s -> s.get("sessionId").asText()).containsExactly("phone", "laptop");
        assertThat(list.get("sessions").get(0).get("expiresAt").asText()).isEqualTo("2026-01-01T00:04:00Z");
    }

    @Test
    void anOfflineUserHasNoSessionsToShow() {
        server.enqueue(json(200, "{\"userId\":\"alice\",\"revision\":4,\"sessions\":[]}"));
        assertThat(cli.run("sessions", "alice", "--url", url())).isZero();
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).isEqualTo("presence: alice has no live session (offline)\n");
    }

    @Test
    void endDeletesTheSessionAndPrintsThePresenceAfter() throws Exception {
        server.enqueue(json(200, presenceJson("alice", "online", null, "n2", 10)));
        assertThat(cli.run("sessions", "alice", "--end", "phone", "--token", "tok", "--url", url())).isZero();
        assertThat(cli.out()).startsWith("USER   STATUS  MESSAGE  LAST SEEN  NODE\nalice  online  -");
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("DELETE");
        assertThat(request.getTarget()).isEqualTo("/api/v2/presence/alice/sessions/phone");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer tok");
    }

    @Test
    void endAllDeletesTheUser() throws Exception {
        server.enqueue(json(200, presenceJson("alice", "offline", null, "n2", 11)));
        assertThat(cli.run("sessions", "alice", "--end-all", "-o", "json", "--token", "tok", "--url", url())).isZero();
        assertThat(cli.json().get("status").asText()).isEqualTo("offline");
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("DELETE");
        assertThat(request.getTarget()).isEqualTo("/api/v2/presence/alice");
    }

    @Test
    void aUserOrSessionNotThereIsNotFound() {
        server.enqueue(CliHarness.userNotFound());
        assertThat(cli.run("sessions", "alice", "--url", url())).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(cli.err()).isEqualTo("presence: not found: alice\n");

        server.enqueue(json(404, NO_SESSION));
        CliHarness end = new CliHarness();
        assertThat(end.run("sessions", "alice", "--end", "tv", "--url", url())).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(end.err()).isEqualTo("presence: not found: session tv of alice\n");

        server.enqueue(CliHarness.userNotFound());
        CliHarness all = new CliHarness();
        assertThat(all.run("sessions", "alice", "--end-all", "--url", url())).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(all.err()).isEqualTo("presence: not found: alice\n");
    }

    /** A node older than sessions answers their paths 404 (its own, no userId) or 405: said so, not "not found". */
    @Test
    void aNodeWithoutSessionsIsNamedAsSuch() {
        server.enqueue(error(404, "not_found"));
        assertThat(cli.run("sessions", "alice", "--url", url())).isEqualTo(ExitCode.ERROR);
        assertThat(cli.err()).startsWith("presence: error: m-404; the node has no sessions (it is older than this "
                + "CLI), or --url misses the API (HTTP 404, not_found)\n");

        server.enqueue(error(405, "method_not_allowed"));
        CliHarness end = new CliHarness();
        assertThat(end.run("sessions", "alice", "--end", "phone", "--url", url())).isEqualTo(ExitCode.ERROR);
        assertThat(end.err()).startsWith("presence: error: m-405; the node has no sessions");

        server.enqueue(error(405, "method_not_allowed"));
        CliHarness set = new CliHarness();
        assertThat(set.run("set", "alice", "-s", "online", "--session", "phone", "--url", url()))
                .isEqualTo(ExitCode.ERROR);
        assertThat(set.err()).startsWith("presence: error: m-405; the node has no sessions");
    }

    @Test
    void refusedTokensAreAuthErrors() {
        server.enqueue(error(401, "unauthorized"));
        assertThat(cli.run("sessions", "alice", "--token", "t", "--url", url())).isEqualTo(ExitCode.AUTH);
        server.enqueue(error(403, "forbidden"));
        CliHarness other = new CliHarness();
        assertThat(other.run("sessions", "alice", "--end", "phone", "--token", "t", "--url", url()))
                .isEqualTo(ExitCode.AUTH);
        assertThat(other.err()).isEqualTo("presence: error: m-403 (HTTP 403, forbidden)\n");
    }

    @Test
    void endAndEndAllTogetherIsUsage() {
        assertThat(cli.run("sessions", "alice", "--end", "phone", "--end-all", "--url", url()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("mutually exclusive");
        CliHarness badId = new CliHarness();
        assertThat(badId.run("sessions", "alice", "--end", "my phone", "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(badId.err()).startsWith("presence: error: invalid session id 'my phone': ");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void setWritesTheNamedSessionWithPrivacySettings() throws Exception {
        server.enqueue(json(200, presenceJson("alice", "online", null, "n1", 3)));
        assertThat(cli.run("set", "alice", "-s", "online", "--session", "phone", "--ttl", "2m", "--visibility",
                "invisible", "--share-last-seen", "false", "--token", "tok", "--url", url())).isZero();
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("PUT");
        assertThat(request.getTarget()).isEqualTo("/api/v2/presence/alice/sessions/phone");
        JsonNode body = CliJson.MAPPER.readTree(request.getBody().utf8());
        assertThat(body.get("status").asText()).isEqualTo("online");
        assertThat(body.get("ttlSeconds").asLong()).isEqualTo(120);
        assertThat(body.get("visibility").asText()).isEqualTo("invisible");
        assertThat(body.get("shareLastSeen").asBoolean()).isFalse();
    }

    @Test
    void setWithoutPrivacyOptionsLeavesThemOut() throws Exception {
        server.enqueue(json(200, presenceJson("alice", "online", null, "n1", 3)));
        assertThat(cli.run("set", "alice", "-s", "online", "--visibility", "VISIBLE", "--url", url())).isZero();
        RecordedRequest request = server.takeRequest();
        assertThat(request.getTarget()).isEqualTo("/api/v2/presence/alice");
        assertThat(request.getBody().utf8()).isEqualTo("{\"status\":\"online\",\"visibility\":\"visible\"}");
    }

    @Test
    void badSessionAndPrivacyValuesAreUsage() {
        assertThat(cli.run("set", "alice", "-s", "online", "--visibility", "hidden", "--url", url()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).startsWith("presence: error: Invalid value for option '--visibility': 'hidden' is not a visibility "
                + "(visible|invisible)");
        CliHarness share = new CliHarness();
        assertThat(share.run("set", "alice", "-s", "online", "--share-last-seen", "nope", "--url", url()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(share.err()).startsWith("presence: error: Invalid value for option '--share-last-seen': 'nope' is not a boolean");
        CliHarness session = new CliHarness();
        assertThat(session.run("set", "alice", "-s", "online", "--session", "a/b", "--url", url()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(session.err()).startsWith("presence: error: invalid session id 'a/b': ");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void tooManySessionsIsNamedByTheOption() {
        server.enqueue(json(422, "{\"code\":\"validation_failed\",\"message\":\"too many\",\"details\":"
                + "[{\"field\":\"sessionId\",\"message\":\"at most 16 live sessions\"}]}"));
        assertThat(cli.run("set", "alice", "-s", "online", "--session", "tv", "--url", url()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).isEqualTo("presence: error: --session at most 16 live sessions "
                + "(HTTP 422, validation_failed)\n");
    }

    /** A user who hides lastSeen reads without it to everyone else. */
    @Test
    void aPresenceWithoutLastSeenShowsADash() {
        server.enqueue(json(200, "{\"userId\":\"bob\",\"status\":\"online\",\"updatedAt\":\"2026-01-01T00:00:01Z\","
                + "\"nodeId\":\"n1\",\"revision\":2}"));
        assertThat(cli.run("get", "bob", "--url", url())).isZero();
        assertThat(cli.out()).isEqualTo("USER  STATUS  MESSAGE  LAST SEEN  NODE\nbob   online  -        -          n1\n");
    }
}
