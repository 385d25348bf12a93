package io.presence.service.it;

import static io.presence.service.testing.Negotiation.NEGOTIATED_JSON;
import static io.presence.service.testing.Negotiation.headers;
import static org.assertj.core.api.Assertions.assertThat;

import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.TestNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One user's reads: a plain request and one whose {@code Accept} is negotiated to JSON get the same
 * answer (headers, body, revalidation); what is not a stored user is a JSON error.
 */
class UserReadsIT {

    @RegisterExtension
    static final NodesExtension nodes = new NodesExtension();
    static TestNode node;

    @BeforeAll
    static void startNode() {
        node = nodes.center().start();
        assertThat(node.put("carol", "{\"status\":\"busy\",\"message\":\"in a call \\u00e9 \\\"x\\\" <b>\",\"ttlSeconds\":600}")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void aPlainReadIsAnsweredLikeANegotiatedOne() {
        HttpResponse<String> plain = node.get("/api/v2/presence/carol");
        HttpResponse<String> negotiated = node.get("/api/v2/presence/carol", "Accept", NEGOTIATED_JSON);

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).isEqualTo(negotiated.body());
        assertThat(headers(plain)).isEqualTo(headers(negotiated));
        assertThat(headers(plain)).containsEntry("content-type", "application/json")
                .containsEntry("cache-control", "no-cache")
                .containsKey("etag");
        assertThat(node.get("/api/v2/presence/carol", "Accept", "application/json").body()).isEqualTo(plain.body());
        assertThat(node.get("/api/v2/presence/carol", "Accept", "*/*").body()).isEqualTo(plain.body());
    }

    @Test
    void revalidationWithTheCurrentTagIsNotModifiedEitherWay() {
        String etag = node.get("/api/v2/presence/carol").headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> plain = node.get("/api/v2/presence/carol", "If-None-Match", etag);
        HttpResponse<String> negotiated = node.get("/api/v2/presence/carol", "If-None-Match", etag,
                "Accept", NEGOTIATED_JSON);

        assertThat(plain.statusCode()).isEqualTo(304);
        assertThat(negotiated.statusCode()).isEqualTo(304);
        assertThat(plain.body()).isEmpty();
        // RFC 9110 8.6: a 304 carries no Content-Length unless it is the 200's; a cache copying a 0 would empty its copy.
        assertThat(plain.headers().firstValue("Content-Length")).isEmpty();
        assertThat(headers(plain)).isEqualTo(headers(negotiated));
        assertThat(node.get("/api/v2/presence/carol", "If-None-Match", "\"999999\", " + etag).statusCode()).isEqualTo(304);
        assertThat(node.get("/api/v2/presence/carol", "If-None-Match", "\"999999\"").statusCode()).isEqualTo(200);
    }

    /** RFC 9110 §13.1.1: a read whose If-Match names another tag is not performed; 412 with the current tag. */
    @Test
    void aReadWhoseIfMatchNamesAnotherTagIsAPreconditionFailed() {
        node.put("erin", "{\"status\":\"online\"}");
        String etag = node.get("/api/v2/presence/erin").headers().firstValue("ETag").orElseThrow();

        for (String path : new String[] {"/api/v2/presence/erin", "/api/v2/presence/erin/sessions"}) {
            String[] auth = {"Authorization", "Bearer " + TestNode.token("erin")};
            HttpResponse<String> stale = node.get(path, "If-Match", "\"999999\"", auth[0], auth[1]);
            assertThat(stale.statusCode()).as(path).isEqualTo(412);
            assertThat(stale.body()).as(path).contains("\"code\":\"precondition_failed\"");
            assertThat(stale.headers().firstValue("ETag")).as(path).hasValue(etag);
            assertThat(stale.headers().firstValue("Vary")).as(path).hasValue("Authorization");
            assertThat(node.get(path, "If-Match", etag, auth[0], auth[1]).statusCode()).as(path).isEqualTo(200);
            assertThat(node.get(path, "If-Match", "*", auth[0], auth[1]).statusCode()).as(path).isEqualTo(200);
            assertThat(node.get(path, "If-Match", "\"abc\"", auth[0], auth[1]).statusCode()).as(path).isEqualTo(400);
        }
        // A user with no presence is a 404 whatever the condition (RFC 9110 §13.2.1).
        assertThat(node.get("/api/v2/presence/nobody-here", "If-Match", "*").statusCode()).isEqualTo(404);
    }

    @Test
    void headHasTheHeadersOfGetAndNoBody() {
        HttpResponse<String> get = node.get("/api/v2/presence/carol");
        HttpResponse<String> plain = head("/api/v2/presence/carol", "*/*");
        HttpResponse<String> negotiated = head("/api/v2/presence/carol", NEGOTIATED_JSON);

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).isEmpty();
        assertThat(headers(plain)).isEqualTo(headers(negotiated));
        assertThat(plain.headers().firstValue("Content-Length"))
                .hasValue(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void whatIsNotAStoredUserIsAJsonError() {
        assertThat(node.get("/api/v2/presence/nobody-here").statusCode()).isEqualTo(404);
        assertThat(node.get("/api/v2/presence/nobody-here").body()).contains("\"code\":\"not_found\"");
        assertThat(node.get("/api/v2/presence/bad%20id").statusCode()).isEqualTo(400);
        assertThat(node.get("/api/v2/presence/batch").statusCode()).isEqualTo(405);
        assertThat(node.get("/api/v2/presence/carol", "Accept", "text/html").statusCode()).isEqualTo(406);
        // Percent-encoded ids are decoded: an encoded letter names the same user.
        assertThat(node.get("/api/v2/presence/caro%6C").statusCode()).isEqualTo(200);
        assertThat(node.get("/api/v2/presence/").statusCode()).isNotEqualTo(200);
    }

    @Test
    void aWriteIsVisibleToTheNextCachedRead() {
        node.put("dave", "{\"status\":\"online\"}");
        String before = node.get("/api/v2/presence/dave").headers().firstValue("ETag").orElseThrow();
        node.put("dave", "{\"status\":\"away\",\"message\":\"lunch\"}");

        HttpResponse<String> after = node.get("/api/v2/presence/dave", "If-None-Match", before);

        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).contains("\"status\":\"away\"", "\"message\":\"lunch\"");
    }

    /** A refused HEAD has the length of the error its GET reads, on Jersey's routes as on the user's. */
    @Test
    void aRefusedHeadHasTheLengthOfItsError() {
        for (String path : new String[] {"/api/v2/presence?users=bad%20id", "/api/v2/presence/bad%20id"}) {
            HttpResponse<String> get = node.get(path);
            HttpResponse<String> head = head(path, "*/*");
            assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode()).isEqualTo(400);
            assertThat(head.body()).isEmpty();
            assertThat(head.headers().firstValue("Content-Length")).as(path)
                    .hasValue(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length));
        }
    }

    private static HttpResponse<String> head(String path, String accept) {
        return node.send(HttpRequest.newBuilder(node.uri(path)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", accept));
    }
}
