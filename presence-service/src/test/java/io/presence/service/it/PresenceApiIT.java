package io.presence.service.it;

import static io.presence.service.testing.TestNode.read;
import static io.presence.service.testing.TestNode.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.security.Keys;
import io.presence.api.ErrorDetail;
import io.presence.api.ErrorResponse;
import io.presence.api.Presence;
import io.presence.api.PresenceList;
import io.presence.api.PresenceStatus;
import io.presence.service.auth.TokenIssuer;
import io.presence.service.testing.Negotiation;
import io.presence.service.testing.SseClient;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.TestNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The REST API of a real center node, through HTTP. */
class PresenceApiIT {

    /** Jetty's request instrumentation, named by Dropwizard's servlet context handler. */
    private static final String REQUEST_TIMER = "io.dropwizard.jetty.MutableServletContextHandler.requests";
    private static final String PUT_TIMER = "io.dropwizard.jetty.MutableServletContextHandler.put-requests";

    @RegisterExtension
    static final NodesExtension nodes = new NodesExtension();
    static TestNode node;

    @BeforeAll
    static void startNode() {
        node = nodes.center().start();
    }

    private static ErrorResponse error(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return read(response, ErrorResponse.class);
    }

    @Test
    void storesAndServesAPresence() {
        HttpResponse<String> put = node.put("alice", "{\"status\":\"online\",\"message\":\"hi\",\"ttlSeconds\":60}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        Presence stored = read(put, Presence.class);
        assertThat(stored.userId()).isEqualTo("alice");
        assertThat(stored.status()).isEqualTo(PresenceStatus.ONLINE);
        assertThat(stored.message()).isEqualTo("hi");
        assertThat(stored.ttlSeconds()).isEqualTo(60);
        assertThat(stored.nodeId()).isEqualTo("test-center");
        assertThat(put.headers().firstValue("ETag")).hasValue("\"" + stored.revision() + "\"");

        HttpResponse<String> get = node.get("/api/v2/presence/alice");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(read(get, Presence.class)).isEqualTo(stored);
        assertThat(get.body()).contains("\"status\":\"online\"").containsPattern("\"lastSeen\":\"[0-9T:.-]+Z\"");
    }

    @Test
    void answersNotModifiedForTheCurrentEtag() {
        HttpResponse<String> put = node.put("etag-user", "{\"status\":\"busy\"}");
        String etag = put.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> same = node.get("/api/v2/presence/etag-user", "If-None-Match", etag);
        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(same.headers().firstValue("ETag")).hasValue(etag);

        node.put("etag-user", "{\"status\":\"away\"}");
        assertThat(node.get("/api/v2/presence/etag-user", "If-None-Match", etag).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownUserIs404() {
        ErrorResponse error = error(node.get("/api/v2/presence/nobody-here"), 404);
        assertThat(error.code()).isEqualTo("not_found");
        assertThat(error.message()).contains("nobody-here");
        // What tells it from a 404 for a path the API lacks (a client's wrong base URL), which has no details.
        assertThat(error.details()).containsExactly(new ErrorDetail("userId", "has no presence"));
        assertThat(error(node.get("/prefix/api/v2/presence/nobody-here"), 404).details()).isEmpty();
    }

    @Test
    void userIdsWithEveryAllowedCharacterRoundTrip() {
        String userId = "a.b@c:d_e-f.";
        assertThat(node.put(userId, "{\"status\":\"online\"}").statusCode()).isEqualTo(200);
        assertThat(read(node.get("/api/v2/presence/" + userId), Presence.class).userId()).isEqualTo(userId);
    }

    @Test
    void multiGetKeepsRequestOrderAndListsUnknownIds() {
        node.put("m-bob", "{\"status\":\"online\"}");
        node.put("m-amy", "{\"status\":\"away\"}");

        PresenceList list = read(node.get("/api/v2/presence?users=m-amy,m-nope,m-bob,m-amy"), PresenceList.class);
        assertThat(list.presences()).extracting(Presence::userId).containsExactly("m-amy", "m-bob");
        assertThat(list.notFound()).containsExactly("m-nope");

        PresenceList batch = read(node.post("/api/v2/presence/batch",
                "{\"userIds\":[\"m-bob\",\"m-nope\",\"m-amy\",\"m-bob\"]}"), PresenceList.class);
        assertThat(batch.presences()).extracting(Presence::userId).containsExactly("m-bob", "m-amy");
        assertThat(batch.notFound()).containsExactly("m-nope");
    }

    @Test
    void multiGetRejectsMissingInvalidAndTooManyIds() {
        assertThat(error(node.get("/api/v2/presence"), 400).details().get(0).field()).isEqualTo("users");
        ErrorResponse invalid = error(node.get("/api/v2/presence?users=ok,bad%20id,,x"), 400);
        assertThat(invalid.details()).extracting(d -> d.field()).containsExactly("users[1]", "users[2]");

        assertThat(error(node.get("/api/v2/presence?users="), 400).details()).containsExactly(
                new ErrorDetail("users", "is required: ?users=alice,bob"));

        String tooMany = IntStream.range(0, 1001).mapToObj(i -> "u" + i).collect(Collectors.joining(","));
        assertThat(error(node.get("/api/v2/presence?users=" + tooMany), 422).details()).containsExactly(
                new ErrorDetail("users", "names 1001 users; at most 1000 per request"));
        // The batch says it in the same words, not in a Bean Validation size's.
        String tooManyQuoted = IntStream.range(0, 1001).mapToObj(i -> "\"u" + i + "\"").collect(Collectors.joining(","));
        HttpResponse<String> batch = node.send(HttpRequest.newBuilder(node.uri("/api/v2/presence/batch"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userIds\":[" + tooManyQuoted + "]}")));
        assertThat(error(batch, 422).details()).containsExactly(
                new ErrorDetail("userIds", "names 1001 users; at most 1000 per request"));
    }

    @Test
    void writesNeedAValidTokenForTheSameUser() {
        HttpResponse<String> none = node.put("w-alice", "{\"status\":\"online\"}", null);
        assertThat(error(none, 401).code()).isEqualTo("unauthorized");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"presence\"");

        // RFC 6750 §3.1: a token was sent and is the problem. Also on the resource's way (Accept) and for
        // writes the direct way does not take (no Content-Type).
        for (String[] headers : List.of(new String[0], new String[] {"Accept", Negotiation.NEGOTIATED_JSON},
                new String[] {"Content-Type", "text/plain"})) {
            HttpResponse<String> garbage = node.put("w-alice", "{\"status\":\"online\"}", "garbage", headers);
            assertThat(error(garbage, garbage.statusCode()).code()).isEqualTo("unauthorized");
            assertThat(garbage.statusCode()).as(String.join(" ", headers)).isEqualTo(401);
            assertThat(garbage.headers().firstValue("WWW-Authenticate")).as(String.join(" ", headers))
                    .hasValue("Bearer realm=\"presence\", error=\"invalid_token\", error_description=\"the token is not"
                            + " a signed JWT (three base64url parts separated by dots)\"");
        }
        // Why a well-formed token is refused, so a client can tell one to renew from one that never verifies.
        String expired = new TokenIssuer(Keys.hmacShaKeyFor(TestNode.SECRET.getBytes(StandardCharsets.UTF_8)), null,
                null, Clock.offset(Clock.systemUTC(), Duration.ofHours(-2))).issue("w-alice", List.of(),
                Duration.ofMinutes(10));
        HttpResponse<String> renew = node.put("w-alice", "{\"status\":\"online\"}", expired);
        assertThat(error(renew, 401).message())
                .isEqualTo("a valid bearer token is required: the token has expired (exp): get a new one");
        assertThat(renew.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"presence\","
                + " error=\"invalid_token\", error_description=\"the token has expired (exp): get a new one\"");
        assertThat(error(node.put("w-alice", "{\"status\":\"online\"}", token("w-bob")), 403).code())
                .isEqualTo("forbidden");
        assertThat(node.put("w-alice", "{\"status\":\"online\"}", token("ops", "presence:admin")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aRejectedWriteLeavesTheConnectionUsable() throws Exception {
        String body = "{\"status\":\"online\"}";
        try (Socket socket = new Socket("127.0.0.1", node.uri("/").getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            // Headers first. The server must wait for the body before answering: answering first
            // and dropping the body left the connection to be closed under the client's next request.
            out.write(("PUT /api/v2/presence/keepalive HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream raw = socket.getInputStream();
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> raw.available() == 0);
            out.write(body.getBytes(StandardCharsets.US_ASCII));
            out.write("GET /api/v2/presence/keepalive HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            BufferedReader in = new BufferedReader(new InputStreamReader(raw, StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 401 Unauthorized");
            String line;
            int contentLength = 0;
            while (!(line = in.readLine()).isEmpty()) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    contentLength = Integer.parseInt(line.substring(15).trim());
                }
            }
            assertThat(in.skip(contentLength)).isEqualTo(contentLength);
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 404 Not Found");
        }
    }

    @Test
    void ifMatchTakesStarListsAndWeakTagsAsRfc9110Says() {
        Presence first = read(node.put("cond-user", "{\"status\":\"online\"}"), Presence.class);
        String current = "\"" + first.revision() + "\"";
        String token = token("cond-user");

        Presence star = read(node.put("cond-user", "{\"status\":\"away\"}", token, "If-Match", "*"), Presence.class);
        assertThat(star.revision()).isGreaterThan(first.revision());
        String now = "\"" + star.revision() + "\"";
        assertThat(node.put("cond-user", "{\"status\":\"busy\"}", token, "If-Match", current + ", " + now)
                .statusCode()).isEqualTo(200);
        assertThat(error(node.put("cond-user", "{\"status\":\"online\"}", token, "If-Match", current + ", " + now),
                412).code()).isEqualTo("precondition_failed");
        String latest = node.get("/api/v2/presence/cond-user").headers().firstValue("ETag").orElseThrow();
        assertThat(error(node.put("cond-user", "{\"status\":\"online\"}", token, "If-Match", "W/" + latest), 412)
                .code()).isEqualTo("precondition_failed");
        assertThat(read(node.get("/api/v2/presence/cond-user"), Presence.class).status()).isEqualTo(PresenceStatus.BUSY);
        assertThat(node.get("/api/v2/presence/cond-user", "If-None-Match", current, "If-None-Match", latest)
                .statusCode()).as("two lines are one list").isEqualTo(304);
        assertThat(node.put("cond-user", "{\"status\":\"busy\"}", token, "If-Match", current, "If-Match", latest)
                .statusCode()).as("two lines are one list").isEqualTo(200);
        String newest = node.get("/api/v2/presence/cond-user").headers().firstValue("ETag").orElseThrow();
        assertThat(node.put("cond-user", "{\"status\":\"busy\"}", token, "If-Match", current, "If-Match", newest,
                "Accept", Negotiation.NEGOTIATED_JSON).statusCode()).as("the resource's way too").isEqualTo(200);

        HttpResponse<String> nobody = node.put("cond-nobody", "{\"status\":\"online\"}", token("cond-nobody"),
                "If-Match", "*");
        assertThat(error(nobody, 412).message()).isEqualTo("presence of 'cond-nobody' is not at a revision If-Match names");
        assertThat(nobody.headers().firstValue("ETag")).as("no presence, no tag").isEmpty();
        assertThat(node.get("/api/v2/presence/cond-nobody").statusCode()).isEqualTo(404);
    }

    /**
     * The documented 1000 users fit in a multi-get's and a stream's URL with ids of 50 characters
     * ({@code maxRequestHeaderSize: 64KiB}, as in the example configs); Jetty's 8 KiB default took ~400 of 20.
     */
    @Test
    void aThousandLongIdsFitInTheUrlOfAMultiGetAndOfAStream() {
        String ids = IntStream.range(0, 1000).mapToObj(i -> String.format("%05d-", i) + "x".repeat(32) + "@example.com")
                .collect(Collectors.joining(","));
        assertThat(ids.split(",")[0]).hasSize(50);
        node.put("00007-" + "x".repeat(32) + "@example.com", "{\"status\":\"busy\"}");

        PresenceList many = read(node.get("/api/v2/presence?users=" + ids), PresenceList.class);
        assertThat(many.presences()).extracting(Presence::status).containsExactly(PresenceStatus.BUSY);
        assertThat(many.notFound()).hasSize(999);

        try (SseClient stream = SseClient.open(HttpClient.newHttpClient(), node.uri("/api/v2/presence/stream?users=" + ids))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !stream.events().isEmpty());
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.events().get(0).data()).contains("\"status\":\"busy\"");
        }
    }

    /**
     * RFC 9110 §13.1.2: {@code If-None-Match: *} makes a PUT create-only, and a list of tags makes it
     * apply only while none of them is current. Ignored, a client's "only if nobody set it yet" overwrote.
     */
    @Test
    void ifNoneMatchMakesAWriteCreateOnlyOrRefusesAStateTheClientHasSeen() {
        String token = token("none-user");
        for (String accept : new String[] {"*/*", Negotiation.NEGOTIATED_JSON}) {
            String userId = "none-user";
            node.put(userId, "{\"status\":\"online\"}");
            Presence before = read(node.get("/api/v2/presence/" + userId), Presence.class);
            String current = node.get("/api/v2/presence/" + userId).headers().firstValue("ETag").orElseThrow();

            HttpResponse<String> exists = node.put(userId, "{\"status\":\"busy\"}", token, "If-None-Match", "*",
                    "Accept", accept);
            assertThat(error(exists, 412).message()).as(accept)
                    .isEqualTo("presence of 'none-user' exists (If-None-Match: *)");
            assertThat(exists.headers().firstValue("ETag")).as(accept).hasValue(current);
            HttpResponse<String> seen = node.put(userId, "{\"status\":\"busy\"}", token, "If-None-Match",
                    "\"1\", W/" + current, "Accept", accept);
            assertThat(error(seen, 412).message()).as(accept)
                    .isEqualTo("presence of 'none-user' is at a tag If-None-Match names");
            assertThat(read(node.get("/api/v2/presence/" + userId), Presence.class).revision()).as(accept)
                    .isEqualTo(before.revision());

            assertThat(node.put(userId, "{\"status\":\"away\"}", token, "If-None-Match", "\"1\"", "Accept", accept)
                    .statusCode()).as(accept + ": a tag that is not current").isEqualTo(200);
            assertThat(error(node.put(userId, "{\"status\":\"away\"}", token, "If-None-Match", "soon",
                    "Accept", accept), 400).message()).as(accept).startsWith("If-None-Match must be * or tags");
        }

        String fresh = "none-fresh";
        HttpResponse<String> created = node.put(fresh, "{\"status\":\"online\"}", token(fresh), "If-None-Match", "*");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        HttpResponse<String> again = node.put(fresh, "{\"status\":\"away\"}", token(fresh), "If-None-Match", "*",
                "Accept", Negotiation.NEGOTIATED_JSON);
        assertThat(error(again, 412).code()).isEqualTo("precondition_failed");
        assertThat(read(node.get("/api/v2/presence/" + fresh), Presence.class).status()).isEqualTo(PresenceStatus.ONLINE);

        // Creates racing for one user: the store's compare-and-set lets exactly one through.
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<HttpResponse<String>>> racing = IntStream.range(0, 8).mapToObj(i ->
                    CompletableFuture.supplyAsync(() -> node.put("none-race", "{\"status\":\"online\",\"message\":\""
                            + i + "\"}", token("none-race"), "If-None-Match", "*"), writers)).toList();
            assertThat(racing.stream().map(f -> f.join().statusCode()).sorted().toList())
                    .containsExactly(200, 412, 412, 412, 412, 412, 412, 412);
        } finally {
            writers.shutdownNow();
        }
    }

    @Test
    void ifMatchRejectsAStaleRevision() {
        Presence first = read(node.put("cas-user", "{\"status\":\"online\"}"), Presence.class);
        HttpResponse<String> ok = node.put("cas-user", "{\"status\":\"away\"}", token("cas-user"),
                "If-Match", "\"" + first.revision() + "\"");
        assertThat(ok.statusCode()).isEqualTo(200);

        HttpResponse<String> stale = node.put("cas-user", "{\"status\":\"busy\"}", token("cas-user"),
                "If-Match", "\"" + first.revision() + "\"");
        assertThat(error(stale, 412).code()).isEqualTo("precondition_failed");
        String current = node.get("/api/v2/presence/cas-user").headers().firstValue("ETag").orElseThrow();
        assertThat(stale.headers().firstValue("ETag")).as("the 412 names the current revision").hasValue(current);
        assertThat(read(node.get("/api/v2/presence/cas-user"), Presence.class).status())
                .isEqualTo(PresenceStatus.AWAY);
        assertThat(node.put("cas-user", "{\"status\":\"busy\"}", token("cas-user"), "If-Match", current)
                .statusCode()).isEqualTo(200);
    }

    /**
     * RFC 9110 §13.1: a DELETE under a condition that fails ends nothing. Ignored, a client's "sign me out only
     * if nothing changed since I looked" ended a session another device had just written.
     */
    @Test
    void aDeleteHonoursIfMatchAndIfNoneMatchAsAPutDoes() {
        String token = token("del-cond");
        Presence first = read(node.put("del-cond", "{\"status\":\"online\"}"), Presence.class);
        String stale = "\"" + first.revision() + "\"";
        node.put("del-cond", "{\"status\":\"busy\"}");
        String current = node.get("/api/v2/presence/del-cond").headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> staleEnd = delete("/api/v2/presence/del-cond", token, "If-Match", stale);
        assertThat(error(staleEnd, 412).code()).isEqualTo("precondition_failed");
        assertThat(staleEnd.headers().firstValue("ETag")).as("the 412 names the current revision").hasValue(current);
        assertThat(error(delete("/api/v2/presence/del-cond/sessions/default", token, "If-Match", stale), 412)
                .code()).isEqualTo("precondition_failed");
        assertThat(error(delete("/api/v2/presence/del-cond", token, "If-None-Match", "*"), 412).message())
                .isEqualTo("presence of 'del-cond' exists (If-None-Match: *)");
        assertThat(error(delete("/api/v2/presence/del-cond", token, "If-Match", "garbage"), 400).message())
                .startsWith("If-Match must be * or revisions");
        assertThat(read(node.get("/api/v2/presence/del-cond"), Presence.class).status())
                .as("nothing was ended").isEqualTo(PresenceStatus.BUSY);

        HttpResponse<String> ended = delete("/api/v2/presence/del-cond", token, "If-Match", current);
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        assertThat(read(ended, Presence.class).status()).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(error(delete("/api/v2/presence/del-nobody", token("del-nobody"), "If-Match", "*"), 412).message())
                .isEqualTo("presence of 'del-nobody' is not at a revision If-Match names");
    }

    @Test
    void aRepeatedSignOutStoresNothingAndKeepsLastSeen() {
        String token = token("del-twice");
        node.put("del-twice", "{\"status\":\"online\"}");
        HttpResponse<String> first = delete("/api/v2/presence/del-twice", token);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = delete("/api/v2/presence/del-twice", token);

        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        assertThat(read(again, Presence.class)).isEqualTo(read(first, Presence.class));
        assertThat(node.get("/api/v2/presence/del-twice").headers().firstValue("ETag")).hasValue(etag);
    }

    private HttpResponse<String> delete(String path, String token, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.uri(path)).DELETE()
                .header("Authorization", "Bearer " + token);
        return node.send(headers.length == 0 ? request : request.headers(headers));
    }

    @Test
    void rejectsBadWritesWithTheFieldAndReason() {
        ErrorResponse status = error(node.put("v-user", "{\"status\":\"sleeping\"}"), 400);
        assertThat(status.details()).anySatisfy(d -> {
            assertThat(d.field()).isEqualTo("status");
            assertThat(d.message()).contains("online|away|busy|offline");
        });
        ErrorResponse ttl = error(node.put("v-user", "{\"status\":\"online\",\"ttlSeconds\":999999}"), 422);
        assertThat(ttl.details().get(0).field()).isEqualTo("ttlSeconds");
        ErrorResponse message = error(node.put("v-user", "{\"status\":\"online\",\"message\":\""
                + "x".repeat(257) + "\"}"), 422);
        assertThat(message.details().get(0).field()).isEqualTo("message");
        assertThat(error(node.put("v-user", "{\"status\":\"online\",\"message\":\"a\\nb\"}"), 422)
                .details().get(0).field()).isEqualTo("message");
        assertThat(error(node.put("v-user", "{\"status\":\"online\",\"ttl\":5}"), 400).details().get(0).field())
                .isEqualTo("ttl");
        assertThat(error(node.put("v-user", "{\"status\":"), 400).code()).isEqualTo("invalid_request");
        assertThat(error(node.put("v-user", ""), 400).code()).isEqualTo("invalid_request");
        assertThat(error(node.put("bad%20id", "{\"status\":\"online\"}", token("bad id")), 400)
                .details().get(0).field()).isEqualTo("userId");
        assertThat(error(node.put("batch", "{\"status\":\"online\"}", token("batch")), 405).code())
                .isEqualTo("method_not_allowed");
    }

    @Test
    void bodiesAreCheckedBeforeTheIdAndNamedAsSent() {
        ErrorResponse nullBody = error(node.put("v-user", "null"), 400);
        assertThat(nullBody.message()).isEqualTo("request body is required");
        assertThat(nullBody.details()).containsExactly(new ErrorDetail("body", "is required"));
        ErrorResponse noStatus = error(node.put("v-user", "{}"), 422);
        assertThat(noStatus.code()).isEqualTo("validation_failed");
        assertThat(noStatus.message()).isEqualTo("status must not be null");
        assertThat(noStatus.details()).containsExactly(new ErrorDetail("status", "must not be null"));
        ErrorResponse two = error(node.put("v-user", "{\"message\":\"a\\u0000\",\"ttlSeconds\":0}"), 422);
        assertThat(two.message()).isEqualTo("3 invalid fields: message, status, ttlSeconds");
        // This server's bounds and the value sent, not the contract's wider ones.
        assertThat(two.details()).contains(new ErrorDetail("ttlSeconds", "must be between 1 and 86400 seconds (was 0)"))
                .as("the contract's bound and this server's, broken at once, are one detail").hasSize(3);
        assertThat(error(node.put("bad%20id", "{}", token("bad id")), 422).details().get(0).field())
                .isEqualTo("status");

        ErrorResponse nullBatch = error(node.post("/api/v2/presence/batch", "null"), 400);
        assertThat(nullBatch.details()).containsExactly(new ErrorDetail("body", "is required"));
        assertThat(error(node.post("/api/v2/presence/batch", "{\"userIds\":[]}"), 422).details())
                .extracting(ErrorDetail::field).containsExactly("userIds");
        assertThat(error(node.post("/api/v2/presence/batch", "{\"userIds\":[\"a\",\"b c\",null]}"), 422).details())
                .extracting(ErrorDetail::field).containsExactly("userIds[1]", "userIds[2]");
    }

    @Test
    void anAcceptThatRulesJsonOutIs406EvenWithQZero() {
        node.put("accept-user", "{\"status\":\"online\",\"ttlSeconds\":600}");
        for (String path : List.of("/api/v2/presence/accept-user", "/api/v2/presence?users=accept-user")) {
            for (String accept : List.of("text/html", "application/json;q=0", "*/*;q=0", "application/json;q=0, */*")) {
                assertThat(error(node.get(path, "Accept", accept), 406).code()).as(path + " " + accept)
                        .isEqualTo("not_acceptable");
            }
            for (String accept : List.of("*/*;q=0, application/json", "text/html;q=0.9, */*;q=0.1")) {
                assertThat(node.get(path, "Accept", accept).statusCode()).as(path + " " + accept).isEqualTo(200);
            }
        }
        HttpResponse<String> batch = node.send(HttpRequest.newBuilder(node.uri("/api/v2/presence/batch"))
                .header("Content-Type", "application/json").header("Accept", "application/json;q=0")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userIds\":[\"accept-user\"]}")));
        assertThat(error(batch, 406).code()).isEqualTo("not_acceptable");
    }

    @Test
    void protocolErrorsComeAsJson() {
        HttpResponse<String> wrongType = node.send(HttpRequest.newBuilder(node.uri("/api/v2/presence/x"))
                .header("Authorization", "Bearer " + token("x"))
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("online")));
        assertThat(error(wrongType, 415).code()).isEqualTo("unsupported_media_type");
        HttpResponse<String> compressed = node.send(HttpRequest.newBuilder(node.uri("/api/v2/presence/x"))
                .header("Authorization", "Bearer " + token("x")).header("Content-Type", "application/json")
                .header("Content-Encoding", "br").PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"online\"}")));
        assertThat(error(compressed, 415).message()).startsWith("unsupported Content-Encoding 'br': send the body"
                + " uncompressed");

        HttpResponse<String> wrongMethod = node.send(HttpRequest.newBuilder(node.uri("/api/v2/presence/x"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
        assertThat(error(wrongMethod, 405).code()).isEqualTo("method_not_allowed");

        assertThat(error(node.get("/no/such/path"), 404).code()).isEqualTo("not_found");

        String huge = "{\"userIds\":[" + "\"aaaaaaaaaa\",".repeat(7000) + "\"a\"]}";
        assertThat(error(node.post("/api/v2/presence/batch", huge), 413).code()).isEqualTo("payload_too_large");
    }

    @Test
    void adminPortServesHealthAndCacheMetrics() {
        HttpResponse<String> health = node.send(HttpRequest.newBuilder(node.adminUri("/healthcheck")).GET());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"nats\"", "\"nats-server\"", "\"kv-bucket\"", "\"kv-watch\"");

        HttpResponse<String> metrics = node.send(HttpRequest.newBuilder(node.adminUri("/metrics")).GET());
        assertThat(metrics.body()).contains("cache.hitRatio", "cache.size", "kv.put");
    }

    @Test
    void requestAndStoreTimersRecordEveryWrite() throws Exception {
        JsonNode before = timers();
        for (int i = 0; i < 3; i++) {
            assertThat(node.put("timed-" + i, "{\"status\":\"online\"}").statusCode()).isEqualTo(200);
        }
        // Jetty records a request once its response is complete, which may be just after the client has it.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode after = timers();
            for (String timer : new String[] {"kv.put", REQUEST_TIMER, PUT_TIMER}) {
                assertThat(after.path(timer).path("count").asLong() - before.path(timer).path("count").asLong())
                        .as(timer).isGreaterThanOrEqualTo(3);
                assertThat(after.path(timer).path("p99").asDouble()).as(timer).isPositive();
            }
        });
    }

    private static JsonNode timers() throws Exception {
        HttpResponse<String> metrics = node.send(HttpRequest.newBuilder(node.adminUri("/metrics")).GET());
        return new ObjectMapper().readTree(metrics.body()).path("timers");
    }
}
