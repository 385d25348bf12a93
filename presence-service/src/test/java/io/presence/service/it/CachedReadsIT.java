package io.presence.service.it;

import static io.presence.service.testing.Negotiation.NEGOTIATED_JSON;
import static io.presence.service.testing.Negotiation.headers;
import static org.assertj.core.api.Assertions.assertThat;

import io.presence.service.testing.TestNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cache hits are answered before Jersey, the rest by the resource: both must give the same answer.
 * An {@code Accept} header other than none, {@code *}{@code /*} or {@code application/json} always
 * takes the resource's way, so the same read can be made both ways and compared.
 */
class CachedReadsIT {

    @TempDir
    static Path dir;
    static TestNode node;

    @BeforeAll
    static void startNode() {
        node = new TestNode(dir).start();
        assertThat(node.put("carol", "{\"status\":\"busy\",\"message\":\"in a call \\u00e9 \\\"x\\\" <b>\",\"ttlSeconds\":600}")
                .statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stopNode() {
        node.stop();
    }

    @Test
    void aCacheHitIsAnsweredLikeTheResourceAnswersIt() {
        HttpResponse<String> fast = node.get("/api/v2/presence/carol");
        HttpResponse<String> viaResource = node.get("/api/v2/presence/carol", "Accept", NEGOTIATED_JSON);

        assertThat(fast.statusCode()).isEqualTo(200);
        assertThat(fast.body()).isEqualTo(viaResource.body());
        assertThat(headers(fast)).isEqualTo(headers(viaResource));
        assertThat(headers(fast)).containsEntry("content-type", "application/json")
                .containsEntry("cache-control", "no-cache")
                .containsKey("etag");
        assertThat(node.get("/api/v2/presence/carol", "Accept", "application/json").body()).isEqualTo(fast.body());
        assertThat(node.get("/api/v2/presence/carol", "Accept", "*/*").body()).isEqualTo(fast.body());
    }

    @Test
    void revalidationWithTheCurrentTagIsNotModifiedBothWays() {
        String etag = node.get("/api/v2/presence/carol").headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> fast = node.get("/api/v2/presence/carol", "If-None-Match", etag);
        HttpResponse<String> viaResource = node.get("/api/v2/presence/carol", "If-None-Match", etag,
                "Accept", NEGOTIATED_JSON);

        assertThat(fast.statusCode()).isEqualTo(304);
        assertThat(viaResource.statusCode()).isEqualTo(304);
        assertThat(fast.body()).isEmpty();
        assertThat(headers(fast)).isEqualTo(headers(viaResource));
        assertThat(node.get("/api/v2/presence/carol", "If-None-Match", "\"999999\", " + etag).statusCode()).isEqualTo(304);
        assertThat(node.get("/api/v2/presence/carol", "If-None-Match", "\"999999\"").statusCode()).isEqualTo(200);
    }

    @Test
    void headHasTheHeadersOfGetAndNoBody() {
        HttpResponse<String> get = node.get("/api/v2/presence/carol");
        HttpResponse<String> fast = head("/api/v2/presence/carol", "*/*");
        HttpResponse<String> viaResource = head("/api/v2/presence/carol", NEGOTIATED_JSON);

        assertThat(fast.statusCode()).isEqualTo(200);
        assertThat(fast.body()).isEmpty();
        assertThat(headers(fast)).isEqualTo(headers(viaResource));
        assertThat(fast.headers().firstValue("Content-Length"))
                .hasValue(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void whatIsNotACachedUserGoesToTheResource() {
        assertThat(node.get("/api/v2/presence/nobody-here").statusCode()).isEqualTo(404);
        assertThat(node.get("/api/v2/presence/nobody-here").body()).contains("\"code\":\"not_found\"");
        assertThat(node.get("/api/v2/presence/bad%20id").statusCode()).isEqualTo(400);
        assertThat(node.get("/api/v2/presence/batch").statusCode()).isEqualTo(405);
        assertThat(node.get("/api/v2/presence/carol", "Accept", "text/html").statusCode()).isEqualTo(406);
        // Percent-encoded ids are the resource's to decode; an encoded letter names the same user.
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

    private static HttpResponse<String> head(String path, String accept) {
        return node.send(HttpRequest.newBuilder(node.uri(path)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", accept));
    }
}
