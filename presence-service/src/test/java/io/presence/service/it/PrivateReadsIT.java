package io.presence.service.it;

import static io.presence.service.testing.TestNode.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.presence.api.ErrorResponse;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.SseClient;
import io.presence.service.testing.TestNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node with {@code auth.publicReads: false}: every read needs a valid token, of any subject and scope. */
class PrivateReadsIT {

    @RegisterExtension
    static final NodesExtension nodes = new NodesExtension();
    static TestNode node;

    @BeforeAll
    static void startNode() {
        node = nodes.closeAfter(new TestNode(nodes.dir("private")).withAuth("""
                jwtSecret: %s
                publicReads: false
                """.formatted(TestNode.SECRET))).start();
        assertThat(node.put("amy", "{\"status\":\"online\"}").statusCode()).isEqualTo(200);
    }

    /** Every read route, sent with {@code authorization} (null: none). */
    private static List<HttpResponse<String>> everyRead(String authorization) {
        List<Function<HttpRequest.Builder, HttpRequest.Builder>> routes = List.of(
                b -> b.uri(node.uri("/api/v2/presence/amy")).GET(),
                b -> b.uri(node.uri("/api/v2/presence/amy")).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                b -> b.uri(node.uri("/api/v2/presence?users=amy")).GET(),
                b -> b.uri(node.uri("/api/v2/presence/batch")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"userIds\":[\"amy\"]}")));
        return routes.stream().map(route -> {
            HttpRequest.Builder request = route.apply(HttpRequest.newBuilder());
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return node.send(request);
        }).toList();
    }

    @Test
    void aReadWithoutAValidTokenIsA401() {
        for (String authorization : new String[] {null, "Bearer not-a-jwt", "Basic YWxhZGRpbjpvcGVu"}) {
            for (HttpResponse<String> response : everyRead(authorization)) {
                assertThat(response.statusCode()).as(response.request() + " with " + authorization).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
                if (!response.request().method().equals("HEAD")) {
                    assertThat(read(response, ErrorResponse.class).code()).isEqualTo("unauthorized");
                }
            }
        }
    }

    @Test
    void anyValidTokenReads() {
        for (String token : List.of(TestNode.token("someone-else"), TestNode.token("backend", "presence:read"),
                TestNode.token("ops", "presence:admin"))) {
            assertThat(everyRead("Bearer " + token)).extracting(HttpResponse::statusCode)
                    .as(token).containsOnly(200);
        }
    }

    @Test
    void theStreamNeedsATokenToo() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> anonymous = node.get("/api/v2/presence/stream?users=amy");
        assertThat(anonymous.statusCode()).isEqualTo(401);

        try (SseClient client = SseClient.open(http, node.uri("/api/v2/presence/stream?users=amy"),
                "Authorization", "Bearer " + TestNode.token("watcher"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.events().isEmpty());
            assertThat(client.status()).isEqualTo(200);
        }
    }

    @Test
    void optionsAndWritesAreAsOnAPublicNode() {
        assertThat(node.send(HttpRequest.newBuilder(node.uri("/api/v2/presence/amy"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);
        assertThat(node.put("amy", "{\"status\":\"busy\"}", null).statusCode()).isEqualTo(401);
        assertThat(node.put("amy", "{\"status\":\"busy\"}").statusCode()).isEqualTo(200);
    }
}
