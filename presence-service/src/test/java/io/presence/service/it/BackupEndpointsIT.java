package io.presence.service.it;

import static io.presence.service.testing.TestNode.read;
import static io.presence.service.testing.TestNode.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.presence.api.ErrorResponse;
import io.presence.api.ImportResult;
import io.presence.api.Presence;
import io.presence.api.PresenceLimits;
import io.presence.api.PresenceSession;
import io.presence.api.PresenceStatus;
import io.presence.api.SessionList;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.TestNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /api/v2/presence/export} and {@code POST /api/v2/presence/import} on real nodes. */
class BackupEndpointsIT {

    private static final String NDJSON = "application/x-ndjson";
    private static final String ADMIN = token("ops", "presence:admin");

    @RegisterExtension
    static final NodesExtension nodes = new NodesExtension();
    static TestNode node;

    @BeforeAll
    static void startNode() {
        // Messages of at most 10 characters, for the import of one longer; this class's own are shorter.
        node = nodes.center("maxMessageLength: 10", "").start();
    }

    private static HttpResponse<String> export(TestNode from, String token, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(from.uri("/api/v2/presence/export")).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return from.send(request);
    }

    private static HttpResponse<String> importing(TestNode into, String token, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(into.uri("/api/v2/presence/import"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return into.send(request);
    }

    private static ErrorResponse error(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return read(response, ErrorResponse.class);
    }

    /** This test's users in an export (other tests' users may be in the bucket too). */
    private static Map<String, Presence> byUser(String lines) {
        return lines.lines().map(BackupEndpointsIT::presence).filter(p -> p.userId().startsWith("bk-"))
                .collect(Collectors.toMap(Presence::userId, Function.identity()));
    }

    private static Presence presence(String line) {
        try {
            return TestNode.JSON.readValue(line, Presence.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("not a Presence: " + line, e);
        }
    }

    @Test
    void anExportImportedIntoAnEmptyNodeGivesBackEveryRecord() {
        assertThat(node.put("bk-alice", "{\"status\":\"busy\",\"message\":\"in a call\",\"ttlSeconds\":3600}",
                ADMIN).statusCode()).isEqualTo(200);
        assertThat(node.put("bk-bob", "{\"status\":\"away\"}", ADMIN).statusCode()).isEqualTo(200);
        assertThat(node.put("bk-bob", "{\"status\":\"offline\"}", ADMIN).statusCode()).isEqualTo(200);
        assertThat(node.put("bk-carol@example.com", "{\"status\":\"away\",\"ttlSeconds\":7200}", ADMIN)
                .statusCode()).isEqualTo(200);

        HttpResponse<String> export = export(node, ADMIN);
        assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(NDJSON));
        assertThat(export.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(export.body()).endsWith("\n");
        Map<String, Presence> exported = byUser(export.body());
        assertThat(exported).containsKeys("bk-alice", "bk-bob", "bk-carol@example.com");

        TestNode empty = nodes.center().start();
        HttpResponse<String> restored = importing(empty, ADMIN, NDJSON, export.body());
        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        long lines = export.body().lines().count();
        assertThat(read(restored, ImportResult.class)).isEqualTo(new ImportResult(lines, 0));

        Map<String, Presence> again = byUser(export(empty, ADMIN).body());
        assertThat(again.keySet()).isEqualTo(exported.keySet());
        exported.forEach((user, before) -> {
            Presence after = again.get(user);
            assertThat(new Presence(after.userId(), after.status(), after.message(), after.lastSeen(), after.updatedAt(),
                    after.expiresAt(), after.ttlSeconds(), after.nodeId(), before.revision(), after.sessions(),
                    after.visibility(), after.shareLastSeen())).as(user).isEqualTo(before);
        });
        Presence alice = read(empty.get("/api/v2/presence/bk-alice"), Presence.class);
        assertThat(alice.status()).isEqualTo(PresenceStatus.BUSY);
        assertThat(alice.message()).isEqualTo("in a call");

        HttpResponse<String> twice = importing(empty, ADMIN, NDJSON + "; charset=utf-8", export.body());
        assertThat(read(twice, ImportResult.class)).isEqualTo(new ImportResult(0, lines));
    }

    @Test
    void backupsNeedAnAdminToken() {
        HttpResponse<String> anonymous = export(node, null);
        assertThat(error(anonymous, 401).code()).isEqualTo("unauthorized");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"presence\"");
        assertThat(error(export(node, "not-a-jwt"), 401).code()).isEqualTo("unauthorized");
        ErrorResponse user = error(export(node, token("alice")), 403);
        assertThat(user.code()).isEqualTo("forbidden");
        assertThat(user.message()).contains("'alice'", "presence:admin");
        assertThat(error(importing(node, null, NDJSON, "{}"), 401).code()).isEqualTo("unauthorized");
        assertThat(error(importing(node, token("alice"), NDJSON, "{}"), 403).code()).isEqualTo("forbidden");
        // the token is checked before the q=0 check of Accept and before the body is read
        assertThat(error(export(node, null, "Accept", "application/x-ndjson;q=0, */*"), 401).code())
                .isEqualTo("unauthorized");
        assertThat(error(importing(node, null, NDJSON, "not even JSON"), 401).code()).isEqualTo("unauthorized");
    }

    /** A user on two devices comes back from a backup on both, each with its own status, message and expiry. */
    @Test
    void aUserOnSeveralDevicesIsRestoredWithEachOfThem() {
        session("rt-multi", "phone", "{\"status\":\"busy\",\"message\":\"call\",\"ttlSeconds\":300}");
        session("rt-multi", "laptop", "{\"status\":\"online\",\"ttlSeconds\":3600}");
        String line = export(node, ADMIN).body().lines().filter(l -> l.contains("\"rt-multi\"")).findFirst()
                .orElseThrow();
        assertThat(presence(line).liveSessions()).extracting(PresenceSession::sessionId)
                .containsExactly("laptop", "phone");

        assertThat(read(importing(node, ADMIN, NDJSON, line.replace("rt-multi", "rt-multi-copy")), ImportResult.class))
                .isEqualTo(new ImportResult(1, 0));

        SessionList original = read(sessionsOf("rt-multi"), SessionList.class);
        SessionList copy = read(sessionsOf("rt-multi-copy"), SessionList.class);
        assertThat(copy.sessions()).isEqualTo(original.sessions()).hasSize(2);
        Presence restored = read(node.get("/api/v2/presence/rt-multi-copy"), Presence.class);
        Presence was = read(node.get("/api/v2/presence/rt-multi"), Presence.class);
        assertThat(restored.status()).isEqualTo(PresenceStatus.BUSY);
        assertThat(restored.expiresAt()).isEqualTo(was.expiresAt());
        assertThat(restored.liveSessions()).as("a read is not an export line").isNull();

        String edited = line.replace("\"userId\":\"rt-multi\",\"status\":\"busy\"",
                "\"userId\":\"rt-multi-edit\",\"status\":\"away\"");
        ErrorResponse refused = error(importing(node, ADMIN, NDJSON, edited), 422);
        assertThat(refused.details()).singleElement().satisfies(d -> assertThat(d.message())
                .isEqualTo("status must be the one the listed sessions decide (busy, was away)"));
    }

    private static void session(String user, String sessionId, String body) {
        HttpResponse<String> written = node.send(HttpRequest.newBuilder(node.uri("/api/v2/presence/" + user
                        + "/sessions/" + sessionId)).header("Authorization", "Bearer " + token(user))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
    }

    private static HttpResponse<String> sessionsOf(String user) {
        return node.send(HttpRequest.newBuilder(node.uri("/api/v2/presence/" + user + "/sessions"))
                .header("Authorization", "Bearer " + ADMIN).GET());
    }

    /** A copy of an export line under another id reads like the original to everyone: hidden as of when they hid. */
    @Test
    void anInvisibleUserRestoredReadsAsOfWhenTheyHid() {
        node.put("rt-hider", "{\"status\":\"away\",\"ttlSeconds\":3600,\"visibility\":\"invisible\"}");
        Presence lastWrite = read(node.put("rt-hider", "{\"status\":\"online\",\"ttlSeconds\":3600}"), Presence.class);
        String line = export(node, ADMIN).body().lines().filter(l -> l.contains("\"rt-hider\"")).findFirst()
                .orElseThrow();
        assertThat(presence(line).invisibleSince()).isBefore(lastWrite.updatedAt());

        assertThat(read(importing(node, ADMIN, NDJSON, line.replace("rt-hider", "rt-copy")), ImportResult.class))
                .isEqualTo(new ImportResult(1, 0));

        Presence original = read(node.get("/api/v2/presence/rt-hider"), Presence.class);
        Presence copy = read(node.get("/api/v2/presence/rt-copy"), Presence.class);
        assertThat(copy.status()).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(copy.lastSeen()).isEqualTo(original.lastSeen()).isBefore(lastWrite.updatedAt());
        assertThat(copy.updatedAt()).isEqualTo(original.updatedAt());
    }

    @Test
    void headOfTheExportReadsNothing() {
        HttpResponse<String> head = node.send(HttpRequest.newBuilder(node.uri("/api/v2/presence/export"))
                .header("Authorization", "Bearer " + ADMIN).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(NDJSON));
        assertThat(head.body()).isEmpty();
        // The export is streamed: its length is not known ahead, and 0 would say the export is empty.
        assertThat(head.headers().firstValue("Content-Length")).isEmpty();
        assertThat(head.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    /** A refused export's HEAD has the length of the error a GET would read, as every other HEAD. */
    @Test
    void headOfARefusedExportHasTheErrorsLength() {
        for (String[] refusal : new String[][] {{}, {"Authorization", "Bearer " + token("alice")},
                {"Authorization", "Bearer " + ADMIN, "Accept", "text/plain"}}) {
            HttpResponse<String> get = node.send(HttpRequest.newBuilder(node.uri("/api/v2/presence/export"))
                    .headers(with(refusal)).GET());
            HttpResponse<String> head = node.send(HttpRequest.newBuilder(node.uri("/api/v2/presence/export"))
                    .headers(with(refusal)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertThat(head.statusCode()).isEqualTo(get.statusCode()).isGreaterThanOrEqualTo(400);
            assertThat(head.body()).isEmpty();
            assertThat(head.headers().firstValue("Content-Length"))
                    .hasValue(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length));
        }
    }

    /** {@code headers}, or a harmless one when none: the client needs at least one. */
    private static String[] with(String[] headers) {
        return headers.length > 0 ? headers : new String[] {"X-Probe", "none"};
    }

    @Test
    void theExportSpeaksJsonLines() {
        ErrorResponse json = error(export(node, ADMIN, "Accept", "application/json"), 406);
        assertThat(json.message()).contains("application/x-ndjson");
        assertThat(error(export(node, ADMIN, "Accept", "application/x-ndjson;q=0, */*"), 406).code())
                .isEqualTo("not_acceptable");
        assertThat(export(node, ADMIN, "Accept", "application/x-ndjson").statusCode()).isEqualTo(200);
        assertThat(export(node, ADMIN, "Accept", "*/*").statusCode()).isEqualTo(200);

        ErrorResponse wrongType = error(importing(node, ADMIN, "application/json", "{}"), 415);
        assertThat(wrongType.message()).contains("send application/x-ndjson");
        // Without a Content-Type Jersey would read the lines as bytes: refused as every other body without one is.
        ErrorResponse untyped = error(node.send(HttpRequest.newBuilder(node.uri("/api/v2/presence/import"))
                .header("Authorization", "Bearer " + ADMIN).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"userId\":\"bk-untyped\",\"status\":\"online\"}"))), 415);
        assertThat(untyped.message()).isEqualTo("no Content-Type for POST /api/v2/presence/import;"
                + " send application/x-ndjson");
        // The import takes JSON lines but answers JSON: a refused Accept is told so.
        ErrorResponse answersJson = error(node.send(HttpRequest.newBuilder(node.uri("/api/v2/presence/import"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", NDJSON)
                .header("Accept", NDJSON).POST(HttpRequest.BodyPublishers.ofString("{}"))), 406);
        assertThat(answersJson.message()).endsWith("this API produces application/json");
    }

    @Test
    void badLinesRefuseTheImportNamingEachLine() {
        String good = "{\"userId\":\"imp-dave\",\"status\":\"online\",\"lastSeen\":\"2026-01-01T00:00:00Z\","
                + "\"updatedAt\":\"2026-01-01T00:00:00Z\",\"expiresAt\":\"2026-01-01T00:05:00Z\",\"ttlSeconds\":300,"
                + "\"nodeId\":\"n1\"}";
        ErrorResponse malformed = error(importing(node, ADMIN, NDJSON, good + "\n{oops\n"), 400);
        assertThat(malformed.code()).isEqualTo("invalid_request");
        assertThat(malformed.details()).singleElement().satisfies(d -> assertThat(d.field()).isEqualTo("line 2"));

        ErrorResponse reserved = error(importing(node, ADMIN, NDJSON,
                good + "\n" + good.replace("imp-dave", "import")), 422);
        assertThat(reserved.code()).isEqualTo("validation_failed");
        assertThat(reserved.details()).singleElement().satisfies(d -> {
            assertThat(d.field()).isEqualTo("line 2");
            assertThat(d.message()).isEqualTo("userId " + PresenceLimits.USER_ID_RULE);
        });
        // A line no node could have written: online for ever, and seen in the future.
        ErrorResponse impossible = error(importing(node, ADMIN, NDJSON, good.replace(",\"expiresAt\":\"2026-01-01T00:05:00Z\"", "")
                + "\n" + good.replace("2026-01-01T00:00:00Z", "9999-01-01T00:00:00Z")), 422);
        assertThat(impossible.details()).extracting(d -> d.field() + ": " + d.message()).containsExactly(
                "line 1: expiresAt must not be null for a status other than offline",
                "line 2: expiresAt must not be before updatedAt (a status lapses after it was written); "
                        + "lastSeen must not be in the future (9999-01-01T00:00:00Z); "
                        + "updatedAt must not be in the future (9999-01-01T00:00:00Z)");
        // A count the line's status denies: an offline user has no live sessions.
        String offline = good.replace("\"online\"", "\"offline\"").replace("\"nodeId\":\"n1\"",
                "\"nodeId\":\"n1\",\"sessions\":7");
        assertThat(error(importing(node, ADMIN, NDJSON, offline), 422).details()).extracting(d -> d.field() + ": "
                + d.message()).containsExactly("line 1: sessions must be 0 for an offline line (was 7)");
        assertThat(node.get("/api/v2/presence/imp-dave").statusCode()).as("nothing stored").isEqualTo(404);

        assertThat(error(importing(node, ADMIN, NDJSON, "\n"), 400).details()).singleElement()
                .satisfies(d -> assertThat(d.field()).isEqualTo("body"));
        // a lapsed record is restored as it was stored; the reaper then writes its offline transition
        assertThat(read(importing(node, ADMIN, NDJSON, good), ImportResult.class)).isEqualTo(new ImportResult(1, 0));
    }

    /** A message longer than this node lets a device write is refused: no device here could write it again. */
    @Test
    void aMessageLongerThanThisNodeAllowsIsRefused() {
        String line = "{\"userId\":\"imp-erin\",\"status\":\"online\",\"message\":\"%s\",\"lastSeen\":"
                + "\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\",\"expiresAt\":\"2026-01-01T00:05:00Z\","
                + "\"ttlSeconds\":300,\"nodeId\":\"n1\"}";

        assertThat(error(importing(node, ADMIN, NDJSON, line.formatted("\uD83D\uDE00 too long!")), 422).details())
                .extracting(d -> d.field() + ": " + d.message()).containsExactly(
                        "line 1: message is 11 characters; this node allows at most 10 (presence.maxMessageLength)");
        assertThat(read(importing(node, ADMIN, NDJSON, line.formatted("\uD83D\uDE00 too long")), ImportResult.class))
                .as("10 characters, one of them two UTF-16 units").isEqualTo(new ImportResult(1, 0));
    }

    @Test
    void theReservedIdsAreNoUsers() {
        for (String id : List.of("export", "import")) {
            HttpResponse<String> put = node.put(id, "{\"status\":\"online\"}", ADMIN);
            assertThat(error(put, 405).code()).as(id).isEqualTo("method_not_allowed");
            ErrorResponse listed = error(node.get("/api/v2/presence?users=alice," + id), 400);
            assertThat(listed.details()).singleElement().satisfies(d -> {
                assertThat(d.field()).isEqualTo("users[1]");
                assertThat(d.message()).contains("'" + id + "'", "reserved");
            });
            assertThat(error(node.post("/api/v2/presence/batch", "{\"userIds\":[\"" + id + "\"]}"), 422).code())
                    .isEqualTo("validation_failed");
        }
        assertThat(node.put("Export", "{\"status\":\"online\"}", ADMIN).statusCode()).isEqualTo(200);
        assertThat(node.put("exports", "{\"status\":\"online\"}", ADMIN).statusCode()).isEqualTo(200);
    }
}
