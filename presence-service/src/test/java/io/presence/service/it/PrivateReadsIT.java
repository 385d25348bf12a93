package io.presence.service.it;

import static io.presence.service.testing.TestNode.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jsonwebtoken.security.Keys;
import io.presence.api.ErrorResponse;
import io.presence.api.Presence;
import io.presence.api.PresenceStatus;
import io.presence.service.auth.TokenIssuer;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.SseClient;
import io.presence.service.testing.TestNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node with {@code auth.publicReads: false}: every read needs a valid token, of any subject and scope. That
 * reads stay public by default is every other IT's anonymous reads (e.g. PresenceApiIT, PresenceStreamIT).
 */
class PrivateReadsIT {

    private static final String PRIVATE_READS = """
            jwtSecret: %s
            publicReads: false
            """.formatted(TestNode.SECRET);
    /** A token of the node's key that expired a while ago (beyond the clock skew). */
    private static final String EXPIRED = new TokenIssuer(
            Keys.hmacShaKeyFor(TestNode.SECRET.getBytes(StandardCharsets.UTF_8)), null, null,
            Clock.offset(Clock.systemUTC(), Duration.ofHours(-1))).issue("amy", List.of(), Duration.ofMinutes(10));

    @RegisterExtension
    static final NodesExtension nodes = new NodesExtension();
    static TestNode node;

    @BeforeAll
    static void startNode() {
        node = nodes.closeAfter(new TestNode(nodes.dir("private")).withAuth(PRIVATE_READS)).start();
        assertThat(node.put("amy", "{\"status\":\"online\"}").statusCode()).isEqualTo(200);
    }

    /** The read routes that answer at once (the stream stays open when it is let through). */
    private static final List<Function<HttpRequest.Builder, HttpRequest.Builder>> READS = List.of(
            b -> b.uri(node.uri("/api/v2/presence/amy")).GET(),
            b -> b.uri(node.uri("/api/v2/presence/amy")).method("HEAD", HttpRequest.BodyPublishers.noBody()),
            b -> b.uri(node.uri("/api/v2/presence?users=amy")).GET(),
            b -> b.uri(node.uri("/api/v2/presence/batch")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"userIds\":[\"amy\"]}")));

    private static List<HttpResponse<String>> send(List<Function<HttpRequest.Builder, HttpRequest.Builder>> routes,
                                                   String authorization) {
        return routes.stream().map(route -> {
            HttpRequest.Builder request = route.apply(HttpRequest.newBuilder());
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return node.send(request);
        }).toList();
    }

    @Test
    void aReadWithoutAValidTokenIsA401InTheApisErrorFormat() {
        List<Function<HttpRequest.Builder, HttpRequest.Builder>> routes = new ArrayList<>(READS);
        routes.add(b -> b.uri(node.uri("/api/v2/presence/stream?users=amy")).GET());
        for (String authorization : Arrays.asList(null, "Bearer not-a-jwt", "Bearer " + EXPIRED,
                "Basic YWxhZGRpbjpvcGVu")) {
            for (HttpResponse<String> response : send(routes, authorization)) {
                assertThat(response.statusCode()).as(response.request() + " with " + authorization).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                        challenge -> assertThat(challenge).startsWith("Bearer "));
                if (!response.request().method().equals("HEAD")) {
                    ErrorResponse error = read(response, ErrorResponse.class);
                    assertThat(error.code()).isEqualTo("unauthorized");
                    assertThat(error.details()).isEmpty();
                }
            }
        }
    }

    @Test
    void anyValidTokenReads() {
        for (String token : List.of(TestNode.token("amy"), TestNode.token("someone-else"),
                TestNode.token("backend", "presence:read"), TestNode.token("ops", "presence:admin"))) {
            assertThat(send(READS, "Bearer " + token)).extracting(HttpResponse::statusCode)
                    .as(token).containsOnly(200);
        }
    }

    @Test
    void theStreamWithATokenGetsEvents() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (SseClient client = SseClient.open(http, node.uri("/api/v2/presence/stream?users=amy"),
                "Authorization", "Bearer " + TestNode.token("watcher"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.events().isEmpty());
            assertThat(client.status()).isEqualTo(200);
            assertThat(node.put("amy", "{\"status\":\"away\"}").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().stream()
                    .map(event -> event.data(Presence.class).status()).anyMatch(PresenceStatus.AWAY::equals));
        }
    }

    @Test
    void optionsWritesAndBackupsAreAsOnAPublicNode() {
        assertThat(node.send(HttpRequest.newBuilder(node.uri("/api/v2/presence/amy"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);
        assertThat(node.put("amy", "{\"status\":\"busy\"}", null).statusCode()).isEqualTo(401);
        assertThat(node.put("amy", "{\"status\":\"busy\"}", TestNode.token("bob")).statusCode()).isEqualTo(403);
        assertThat(node.put("amy", "{\"status\":\"busy\"}").statusCode()).isEqualTo(200);

        HttpRequest.Builder export = HttpRequest.newBuilder(node.uri("/api/v2/presence/export")).GET();
        assertThat(node.send(export).statusCode()).isEqualTo(401);
        assertThat(node.send(export.copy().header("Authorization", "Bearer " + TestNode.token("amy")))
                .statusCode()).isEqualTo(403);
        assertThat(node.send(export.copy().header("Authorization", "Bearer " + TestNode.token("ops",
                "presence:admin"))).statusCode()).isEqualTo(200);
        HttpRequest.Builder importing = HttpRequest.newBuilder(node.uri("/api/v2/presence/import"))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(""));
        assertThat(node.send(importing).statusCode()).isEqualTo(401);
        assertThat(node.send(importing.copy().header("Authorization", "Bearer " + TestNode.token("amy")))
                .statusCode()).isEqualTo(403);
    }

    /** The read limit counts only reads that carry a token: anonymous ones cannot use up an address's reads. */
    @Test
    void anAnonymousReadIsRefusedBeforeItSpendsTheReadLimit() {
        TestNode limited = nodes.closeAfter(new TestNode(nodes.dir("limited"), "",
                "rateLimit:\n  readsPerSecond: 1\n  readBurst: 2\n", 0, 0).withAuth(PRIVATE_READS)).start();
        for (int i = 0; i < 10; i++) {
            assertThat(limited.get("/api/v2/presence/amy").statusCode()).isEqualTo(401);
        }
        assertThat(limited.get("/api/v2/presence/amy", "Authorization", "Bearer " + TestNode.token("bob"))
                .statusCode()).as("the burst is untouched").isEqualTo(404);
    }

    /** The key is each node's own: a leaf takes it from its config like a center. */
    @Test
    void aLeafWithPrivateReadsStartsAndAsksForATokenToo() {
        TestNode leaf = nodes.closeAfter(TestNode.leaf(nodes.dir("leaf"), "leaf-private", node.leafnodeUrl(), 0)
                .withAuth(PRIVATE_READS)).start();
        assertThat(leaf.get("/api/v2/presence/amy").statusCode()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(20)).until(() -> leaf.get("/api/v2/presence/amy",
                "Authorization", "Bearer " + TestNode.token("backend", "presence:read")).statusCode() == 200);
    }
}
