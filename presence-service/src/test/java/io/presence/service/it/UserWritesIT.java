package io.presence.service.it;

import static io.presence.service.testing.Negotiation.NEGOTIATED_JSON;
import static io.presence.service.testing.Negotiation.headers;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.presence.service.errors.RawHttp;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.TestNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One user's writes: a plain request and one whose {@code Accept} is negotiated to JSON get the same
 * answer, refusals included; what a write answers is what a read of it gives.
 */
class UserWritesIT {

    @RegisterExtension
    static final NodesExtension nodes = new NodesExtension();
    static TestNode node;

    @BeforeAll
    static void startNode() {
        node = nodes.center().start();
    }

    @Test
    void aPlainWriteIsAnsweredLikeANegotiatedOne() throws Exception {
        String body = "{\"status\":\"busy\",\"message\":\"in a call \\u00e9 \\\"x\\\" <b>\",\"ttlSeconds\":600}";
        HttpResponse<String> plain = node.put("erin", body);
        HttpResponse<String> negotiated = node.put("erin", body, TestNode.token("erin"), "Accept", NEGOTIATED_JSON);

        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        assertThat(negotiated.statusCode()).as(negotiated.body()).isEqualTo(200);
        assertThat(headers(plain).keySet()).isEqualTo(headers(negotiated).keySet())
                .contains("content-type", "content-length", "etag");
        assertThat(headers(plain)).containsEntry("content-type", "application/json");
        assertThat(withoutTimes(plain.body())).isEqualTo(withoutTimes(negotiated.body()));
        assertThat(revision(negotiated)).isGreaterThan(revision(plain));
        // What the write answered is what a read of it gives.
        HttpResponse<String> read = node.get("/api/v2/presence/erin");
        assertThat(read.body()).isEqualTo(negotiated.body());
        assertThat(read.headers().firstValue("ETag")).isEqualTo(negotiated.headers().firstValue("ETag"));
    }

    @Test
    void aCharsetParameterAndAConditionalWriteAreStillPlain() {
        HttpResponse<String> first = node.put("frank", "{\"status\":\"online\"}", TestNode.token("frank"),
                "Content-Type", "application/json; charset=UTF-8");
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> second = node.put("frank", "{\"status\":\"away\"}", TestNode.token("frank"),
                "If-Match", etag);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(revision(second)).isGreaterThan(revision(first));
    }

    @Test
    void everyRefusalIsTheSameEitherWay() {
        node.put("gina", "{\"status\":\"online\"}");
        String stale = "\"1\"";
        String gina = TestNode.token("gina");
        List<Write> refusals = List.of(
                new Write("gina", "{\"status\":\"online\"", gina),
                new Write("gina", "null", gina),
                new Write("gina", "", gina),
                new Write("gina", "[]", gina),
                new Write("gina", "{\"status\":\"online\",\"extra\":1}", gina),
                new Write("gina", "{\"status\":\"dancing\"}", gina),
                new Write("gina", "{\"message\":\"no status\"}", gina),
                new Write("gina", "{\"status\":\"online\",\"ttlSeconds\":0}", gina),
                new Write("gina", "{\"status\":\"online\",\"ttlSeconds\":99999999}", gina),
                new Write("gina", "{\"status\":\"online\",\"message\":\"" + "m".repeat(5000) + "\"}", gina),
                new Write("gina", "{\"status\":\"online\"}", null),
                new Write("gina", "{\"status\":\"online\"}", "not-a-token"),
                new Write("gina", "{\"status\":\"online\"}", TestNode.token("someone-else")),
                new Write("bad%20id", "{\"status\":\"online\"}", gina),
                new Write("gina", "{\"status\":\"online\"}", gina, "If-Match", "W/\"3\""),
                new Write("gina", "{\"status\":\"online\"}", gina, "If-Match", stale));
        for (Write refusal : refusals) {
            HttpResponse<String> plain = refusal.send(false);
            HttpResponse<String> negotiated = refusal.send(true);

            assertThat(plain.statusCode()).as(refusal + ": " + plain.body()).isBetween(400, 499);
            assertThat(plain.statusCode()).as(refusal.toString()).isEqualTo(negotiated.statusCode());
            assertThat(plain.body()).as(refusal.toString()).isEqualTo(negotiated.body());
            assertThat(headers(plain)).as(refusal.toString()).isEqualTo(headers(negotiated));
        }
        assertThat(node.get("/api/v2/presence/gina").body()).contains("\"status\":\"online\"");
    }

    @Test
    void theSchemeInAnyCaseAndSpacesBeforeTheTokenAreAccepted() {
        String jo = TestNode.token("jo");
        for (String authorization : List.of("bearer " + jo, "BEARER " + jo, "Bearer  " + jo)) {
            for (boolean negotiated : List.of(false, true)) {
                HttpResponse<String> response = new Write("jo", "{\"status\":\"away\"}", null, "Authorization",
                        authorization).send(negotiated);

                assertThat(response.statusCode()).as(authorization.substring(0, 8) + " via resource " + negotiated
                        + ": " + response.body()).isEqualTo(200);
            }
        }
    }

    @Test
    void aBodyCutShortIsRefusedNotAwaited() throws Exception {
        String head = "PUT /api/v2/presence/hank HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + TestNode.token("hank") + "\r\nContent-Length: 40";

        RawHttp.RawResponse response = RawHttp.exchangeHalfClosed(node.support().getLocalPort(), head,
                "{\"status\":".getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":\"invalid_request\"");
        assertThat(node.get("/api/v2/presence/hank").statusCode()).isEqualTo(404);
    }

    @Test
    void aChunkedBodyIsRead() throws Exception {
        String body = "{\"status\":\"busy\"}";
        String head = "PUT /api/v2/presence/ivan HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + TestNode.token("ivan") + "\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close";
        String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";

        RawHttp.RawResponse response = RawHttp.exchange(node.support().getLocalPort(), head,
                chunked.getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(node.get("/api/v2/presence/ivan").body()).contains("\"status\":\"busy\"");
    }

    /** One PUT, sent plain or with a negotiated Accept header. */
    private record Write(String userId, String body, String token, String... headers) {
        HttpResponse<String> send(boolean negotiated) {
            String[] all = negotiated ? concat(headers, "Accept", NEGOTIATED_JSON) : headers;
            return node.put(userId, body, token, all);
        }

        private static String[] concat(String[] headers, String... more) {
            String[] all = new String[headers.length + more.length];
            System.arraycopy(headers, 0, all, 0, headers.length);
            System.arraycopy(more, 0, all, headers.length, more.length);
            return all;
        }

        @Override
        public String toString() {
            return "PUT " + userId + " " + (body.length() > 60 ? body.substring(0, 60) + "..." : body)
                    + " token=" + (token == null ? "none" : token.length() > 20 ? "jwt" : token)
                    + " " + String.join(" ", headers);
        }
    }

    private static long revision(HttpResponse<String> response) {
        return Long.parseLong(response.headers().firstValue("ETag").orElseThrow().replace("\"", ""));
    }

    /** The body without the fields that differ between any two writes. */
    private static JsonNode withoutTimes(String json) throws Exception {
        ObjectNode fields = (ObjectNode) TestNode.JSON.readTree(json);
        fields.remove(List.of("lastSeen", "updatedAt", "expiresAt", "revision"));
        return fields;
    }
}
