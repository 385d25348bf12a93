package io.presence.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.presence.api.ErrorDetail;
import io.presence.api.ErrorResponse;
import io.presence.api.PresenceLimits;
import io.presence.service.errors.RawHttp;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A corpus of hostile requests against a real node, over a raw socket (no client library would send most
 * of them). Each must get a 4xx {@code ErrorResponse}, never a 5xx; the writes all carry a valid token for
 * the canary user, whose stored presence must be unchanged at the end.
 */
class HostileInputIT {

    private static final String CANARY = "canary";
    private static final String BASE = "/api/v2/presence/";

    @RegisterExtension
    static final NodesExtension nodes = new NodesExtension();
    static TestNode node;
    static String canaryEtag;
    static String canaryToken;

    @BeforeAll
    static void startNode() {
        node = nodes.center("", """
                rateLimit:
                  writeBurst: 1000
                """).start();
        canaryToken = TestNode.token(CANARY);
        var put = node.put(CANARY, "{\"status\":\"busy\",\"message\":\"canary\",\"ttlSeconds\":3600}");
        assertThat(put.statusCode()).isEqualTo(200);
        canaryEtag = put.headers().firstValue("ETag").orElseThrow();
    }

    /** One hostile request and the status it must get (0: any 4xx). */
    record Case(String name, String method, String target, List<String> headers, byte[] body, int expected) {
    }

    private static Case get(String name, String target) {
        return new Case(name, "GET", target, List.of(), null, 0);
    }

    private static Case put(String name, String target, byte[] body, int expected) {
        return new Case(name, "PUT", target, List.of("Authorization: Bearer " + canaryToken,
                "Content-Type: application/json"), body, expected);
    }

    private static Case putJson(String name, String json, int expected) {
        return put(name, BASE + CANARY, json.getBytes(StandardCharsets.UTF_8), expected);
    }

    private static byte[] bytes(int... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int v : values) {
            out.write(v);
        }
        return out.toByteArray();
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        // path tricks
        cases.add(get("dot-dot out of the API", BASE + "../../../etc/passwd"));
        cases.add(get("encoded dot-dot", BASE + "%2e%2e/%2e%2e/admin"));
        cases.add(get("encoded slash in an id", BASE + "can%2Fary"));
        cases.add(get("encoded backslash in an id", BASE + "can%5Cary"));
        cases.add(get("semicolon path parameter", BASE + "nobody;x=1"));
        cases.add(get("path parameter on a stored id", BASE + CANARY + ";x"));
        cases.add(get("path parameter in the API path", "/api;x/v2/presence/" + CANARY));
        cases.add(put("PUT with a path parameter", BASE + CANARY + ";x=1", "{\"status\":\"online\"}".getBytes(), 400));
        cases.add(get("dot-segment id in a multi-get", "/api/v2/presence?users=" + CANARY + ",.."));
        cases.add(get("empty segment", BASE + "/" + CANARY + "/"));
        cases.add(get("double slash prefix", "//api/v2/presence//x"));
        cases.add(put("PUT with dot-dot", BASE + "x/../" + CANARY + "/..", "{\"status\":\"online\"}".getBytes(), 0));
        cases.add(put("PUT with encoded slash", BASE + CANARY + "%2F..", "{\"status\":\"online\"}".getBytes(), 0));
        // NATS subject wildcards, separators and spaces in ids
        for (String id : List.of("a*b", "%2A", "%3E", "a%3Eb", "a%20b", "a+b", "a%09b", "a.%2A", "%2E%2E%2E")) {
            cases.add(get("id " + id, BASE + id));
        }
        cases.add(put("PUT wildcard id", BASE + "%3E", "{\"status\":\"online\"}".getBytes(), 0));
        cases.add(get("wildcards in a multi-get", "/api/v2/presence?users=" + CANARY + ",*,%3E"));
        cases.add(new Case("wildcards in a batch", "POST", BASE + "batch", List.of("Content-Type: application/json"),
                ("{\"userIds\":[\"" + CANARY + "\",\">\",\"a b\"]}").getBytes(), 0));
        cases.add(get("wildcard stream", BASE + "stream?users=%3E"));
        // control characters and invalid UTF-8 in ids
        for (String id : List.of("a%00b", "a%0D%0Ab", "a%7Fb", "%C3%28", "%FF%FE", "%ED%A0%80", "%C0%AE%C0%AE")) {
            cases.add(get("id " + id, BASE + id));
        }
        // bodies
        cases.add(putJson("control character in the status", "{\"status\":\"online\\u0000\"}", 0));
        cases.add(putJson("control character in the message", "{\"status\":\"online\",\"message\":\"a\\u0007b\"}", 0));
        cases.add(putJson("newline in the message", "{\"status\":\"online\",\"message\":\"a\\nb\"}", 0));
        cases.add(put("invalid UTF-8 in the body", BASE + CANARY,
                concat("{\"status\":\"online\",\"message\":\"", bytes(0xC3, 0x28, 0xFF), "\"}"), 400));
        cases.add(put("UTF-16 body without a BOM", BASE + CANARY,
                "{\"status\":\"online\"}".getBytes(StandardCharsets.UTF_16LE), 400));
        cases.add(put("overlong UTF-8 in the message", BASE + CANARY,
                concat("{\"status\":\"online\",\"message\":\"", bytes(0xC0, 0xAE), "\"}"), 400));
        cases.add(new Case("overlong UTF-8 in a batch id", "POST", BASE + "batch", List.of("Content-Type: application/json"),
                concat("{\"userIds\":[\"", bytes(0xC1, 0xA1, 0x6C, 0x69, 0x63, 0x65), "\"]}"), 400));
        cases.add(put("lone surrogate escaped", BASE + CANARY,
                "{\"status\":\"online\",\"message\":\"\\uD800\"}".getBytes(), 0));
        cases.add(putJson("duplicate keys", "{\"status\":\"online\",\"status\":\"busy\"}", 400));
        cases.add(putJson("unknown field", "{\"status\":\"online\",\"admin\":true}", 400));
        cases.add(putJson("number for status", "{\"status\":1}", 400));
        cases.add(putJson("string for ttl", "{\"status\":\"online\",\"ttlSeconds\":\"60\"}", 400));
        cases.add(putJson("empty string for ttl", "{\"status\":\"online\",\"ttlSeconds\":\"\"}", 400));
        cases.add(putJson("blank string for shareLastSeen", "{\"status\":\"online\",\"shareLastSeen\":\" \"}", 400));
        cases.add(putJson("number for message", "{\"status\":\"online\",\"message\":42}", 400));
        cases.add(putJson("boolean for message", "{\"status\":\"online\",\"message\":true}", 400));
        cases.add(new Case("numbers in a batch", "POST", BASE + "batch", List.of("Content-Type: application/json"),
                "{\"userIds\":[1,2]}".getBytes(), 400));
        cases.add(putJson("float ttl", "{\"status\":\"online\",\"ttlSeconds\":1.5}", 400));
        cases.add(putJson("huge number ttl", "{\"status\":\"online\",\"ttlSeconds\":" + "9".repeat(100) + "}", 400));
        cases.add(putJson("negative ttl", "{\"status\":\"online\",\"ttlSeconds\":-1}", 0));
        cases.add(putJson("array body", "[]", 400));
        cases.add(putJson("string body", "\"online\"", 400));
        cases.add(putJson("null body", "null", 0));
        cases.add(putJson("empty body", "", 0));
        cases.add(putJson("unknown status", "{\"status\":\"ONLINE; DROP TABLE\"}", 400));
        cases.add(putJson("object for message", "{\"status\":\"online\",\"message\":{\"a\":1}}", 400));
        cases.add(putJson("trailing garbage", "{\"status\":\"online\"}{}", 400));
        cases.add(putJson("deeply nested", "{\"status\":\"online\",\"message\":" + "[".repeat(5000)
                + "]".repeat(5000) + "}", 400));
        cases.add(putJson("huge body", "{\"status\":\"online\",\"message\":\"" + "x".repeat(200_000) + "\"}", 413));
        cases.add(putJson("message too long", "{\"status\":\"online\",\"message\":\"" + "x".repeat(300) + "\"}", 0));
        cases.add(new Case("wrong content type", "PUT", BASE + CANARY, List.of("Authorization: Bearer " + canaryToken,
                "Content-Type: application/x-www-form-urlencoded"), "status=online".getBytes(), 415));
        cases.add(new Case("malformed Accept on the stream", "GET", BASE + "stream?users=" + CANARY,
                List.of("Accept: ;"), null, 400));
        cases.add(new Case("body in an unsupported content coding", "PUT", BASE + CANARY, List.of("Authorization: Bearer "
                + canaryToken, "Content-Type: application/json", "Content-Encoding: br"), "{\"status\":\"online\"}".getBytes(), 415));
        cases.add(new Case("gzip named, plain body sent", "PUT", BASE + CANARY, List.of("Authorization: Bearer "
                + canaryToken, "Content-Type: application/json", "Content-Encoding: gzip"), "{\"status\":\"online\"}".getBytes(), 400));
        // credentials sent the wrong way
        cases.add(new Case("token in the URL", "PUT", BASE + CANARY + "?access_token=" + canaryToken,
                List.of("Content-Type: application/json"), "{\"status\":\"online\"}".getBytes(), 400));
        cases.add(new Case("token in the URL, name encoded", "PUT", BASE + CANARY + "?x=1&access%5Ftoken=" + canaryToken,
                List.of("Content-Type: application/json"), "{\"status\":\"online\"}".getBytes(), 400));
        cases.add(get("token in a read's URL", BASE + CANARY + "?access_token=" + canaryToken));
        cases.add(new Case("two Authorization headers", "PUT", BASE + CANARY, List.of("Authorization: Bearer "
                + canaryToken, "Authorization: Bearer " + canaryToken, "Content-Type: application/json"),
                "{\"status\":\"online\"}".getBytes(), 400));
        // huge headers and URLs
        cases.add(new Case("huge header", "GET", BASE + CANARY, List.of("X-Junk: " + "x".repeat(70_000)), null, 431));
        cases.add(new Case("long Authorization", "PUT", BASE + CANARY,
                List.of("Authorization: Bearer " + "x".repeat(9000), "Content-Type: application/json"),
                "{\"status\":\"online\"}".getBytes(), 401));
        cases.add(new Case("huge Authorization", "PUT", BASE + CANARY,
                List.of("Authorization: Bearer " + "x".repeat(70_000), "Content-Type: application/json"),
                "{\"status\":\"online\"}".getBytes(), 431));
        String manyIds = IntStream.range(0, 20_000).mapToObj(i -> "u" + i).collect(Collectors.joining(","));
        cases.add(get("enormous id list in the URL", "/api/v2/presence?users=" + manyIds));
        String thousandOne = IntStream.range(0, 1001).mapToObj(i -> "u" + i).collect(Collectors.joining(","));
        cases.add(get("1001 ids in the URL", "/api/v2/presence?users=" + thousandOne));
        cases.add(new Case("enormous batch", "POST", BASE + "batch", List.of("Content-Type: application/json"),
                ("{\"userIds\":[" + IntStream.range(0, 20_000).mapToObj(i -> "\"u" + i + "\"")
                        .collect(Collectors.joining(",")) + "]}").getBytes(), 413));
        cases.add(new Case("1001 ids in a batch", "POST", BASE + "batch", List.of("Content-Type: application/json"),
                ("{\"userIds\":[" + IntStream.range(0, 1001).mapToObj(i -> "\"u" + i + "\"")
                        .collect(Collectors.joining(",")) + "]}").getBytes(), 0));
        // backups: only an admin may export or import, whatever the line says
        String offlineCanary = "{\"userId\":\"" + CANARY + "\",\"status\":\"offline\",\"lastSeen\":\"2099-01-01T00:00:00Z\","
                + "\"updatedAt\":\"2099-01-01T00:00:00Z\",\"nodeId\":\"evil\"}\n";
        cases.add(new Case("import with a user's token", "POST", BASE + "import", List.of("Authorization: Bearer "
                + canaryToken, "Content-Type: application/x-ndjson"), offlineCanary.getBytes(), 403));
        cases.add(new Case("import without a token", "POST", BASE + "import",
                List.of("Content-Type: application/x-ndjson"), offlineCanary.getBytes(), 401));
        cases.add(get("export without a token", BASE + "export"));
        cases.add(new Case("export with a user's token", "GET", BASE + "export",
                List.of("Authorization: Bearer " + canaryToken), null, 403));
        return cases;
    }

    private static RawHttp.RawResponse send(Case c) throws Exception {
        StringBuilder head = new StringBuilder(c.method() + " " + c.target() + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close");
        for (String header : c.headers()) {
            head.append("\r\n").append(header);
        }
        byte[] body = c.body() == null ? new byte[0] : c.body();
        if (c.body() != null) {
            head.append("\r\nContent-Length: ").append(body.length);
        }
        return RawHttp.exchange(node.support().getLocalPort(), head.toString(), body);
    }

    /** With the default 30 s idle timeout, waiting for the rest of the body would outlast the 10 s read. */
    @Test
    void aBodyAnnouncedOverTheLimitIsRefusedWithoutWaitingForIt() throws Exception {
        RawHttp.RawResponse response = RawHttp.exchangeStalled(node.support().getLocalPort(),
                "PUT " + BASE + CANARY + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Authorization: Bearer " + canaryToken + "\r\nContent-Length: 70000",
                "{\"status\":\"online\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).as(response.body()).isEqualTo(413);
        assertThat(response.header("Connection")).isEqualTo("close");
    }

    /** Test nodes run with Dropwizard's default {@code server.gzip.enabled: true}, which decodes gzip bodies. */
    @Test
    void aGzipBodyIsDecodedWhenGzipIsOn() throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write("{\"status\":\"busy\"}".getBytes(StandardCharsets.UTF_8));
        }
        RawHttp.RawResponse response = send(new Case("gzip body", "PUT", BASE + "gzip-user",
                List.of("Authorization: Bearer " + TestNode.token("gzip-user"), "Content-Type: application/json",
                        "Content-Encoding: gzip"), gzipped.toByteArray(), 200));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"busy\"");
    }

    /**
     * RFC 9112 §6.1: a transfer coding the node does not decode is refused, not passed through as the body. Jetty
     * frames {@code gzip, chunked} by its final {@code chunked}; a proxy that decodes the gzip would see another body.
     */
    @Test
    void aTransferCodingBesidesChunkedIsRefused() throws Exception {
        String head = "PUT " + BASE + "te-user HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Authorization: Bearer " + TestNode.token("te-user") + "\r\nContent-Type: application/json\r\n";
        byte[] chunked = "13\r\n{\"status\":\"online\"}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        RawHttp.RawResponse refused = RawHttp.exchange(node.support().getLocalPort(),
                head + "Transfer-Encoding: gzip, chunked", chunked);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("unsupported Transfer-Encoding 'gzip, chunked'");
        assertThat(node.get("/api/v2/presence/te-user").statusCode()).as("nothing stored").isEqualTo(404);

        RawHttp.RawResponse plain = RawHttp.exchange(node.support().getLocalPort(),
                head + "Transfer-Encoding: chunked", chunked);
        assertThat(plain.status()).as(plain.body()).isEqualTo(200);
    }

    /**
     * A chunked body whose one JSON token runs past the size limit: refused as too large, and counted in the request
     * metric as the 4xx the client got, not as a server fault (which would set off the error-rate alert).
     */
    @Test
    void aChunkedBodyPastTheLimitInOneTokenIsA413CountedAsA4xx() throws Exception {
        String series = "presence_http_request_duration_seconds_count{method=\"PUT\",route=\"user\",status=\"%s\"}";
        double clientFaultsBefore = metric(String.format(series, "4xx"));
        String token = "a".repeat(PresenceLimits.MAX_BODY_BYTES + 4_464);
        byte[] chunked = (Integer.toHexString(token.length()) + "\r\n" + token + "\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        RawHttp.RawResponse response = RawHttp.exchange(node.support().getLocalPort(), "PUT " + BASE + CANARY
                + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer " + canaryToken
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked", chunked);

        assertThat(response.status()).as(response.body()).isEqualTo(413);
        assertThat(response.body()).contains("\"code\":\"payload_too_large\"");
        assertThat(metric(String.format(series, "4xx"))).isEqualTo(clientFaultsBefore + 1);
        assertThat(metric(String.format(series, "5xx"))).isZero();
    }

    /** A sample's value on the node's {@code /prometheus}, 0 when the series has none yet. */
    private static double metric(String series) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                node.adminUri("/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1))).orElse(0.0);
    }

    /** A body typed twice is typed neither: this node would read the first type, a proxy may read the last. */
    @Test
    void twoContentTypesAreRefusedOnEveryBody() throws Exception {
        String json = "Content-Type: application/json";
        for (String[] order : new String[][] {{json, "Content-Type: text/plain"}, {json, json}}) {
            RawHttp.RawResponse put = send(new Case("two types", "PUT", BASE + "ct-user",
                    List.of("Authorization: Bearer " + TestNode.token("ct-user"), order[0], order[1]),
                    "{\"status\":\"away\"}".getBytes(), 400));
            assertThat(put.status()).as(put.body()).isEqualTo(400);
            assertThat(put.body()).contains("send one Content-Type header, not several");
            RawHttp.RawResponse batch = send(new Case("two types", "POST", BASE + "batch", List.of(order[0], order[1]),
                    "{\"userIds\":[\"a\"]}".getBytes(), 400));
            assertThat(batch.status()).as(batch.body()).isEqualTo(400);
        }
        assertThat(node.get("/api/v2/presence/ct-user").statusCode()).as("nothing stored").isEqualTo(404);
    }

    /** CONNECT is a proxy's method: RFC 9110 still wants Allow on its 405, empty as no method applies. */
    @Test
    void aConnectIsA405WithAnEmptyAllow() throws Exception {
        RawHttp.RawResponse response = RawHttp.exchange(node.support().getLocalPort(),
                "CONNECT localhost:443 HTTP/1.1\r\nHost: localhost:443\r\nConnection: close", new byte[0]);

        assertThat(response.status()).as(response.body()).isEqualTo(405);
        assertThat(response.headers()).containsEntry("allow", "");
        assertThat(response.body()).contains("CONNECT is for proxies");
    }

    /** JSON has no charset parameter (RFC 8259 §11): an unknown one is ignored, as on every other body. */
    @Test
    void aJsonBodyWithAnUnknownCharsetIsReadAsJson() throws Exception {
        RawHttp.RawResponse response = send(new Case("unknown charset", "PUT", BASE + "charset-user",
                List.of("Authorization: Bearer " + TestNode.token("charset-user"),
                        "Content-Type: application/json; charset=nonexistent"), "{\"status\":\"away\"}".getBytes(), 200));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"away\"");
    }

    /**
     * '.' and '..' are reserved ids: the container drops such a segment before routing (PUT /api/v2/presence/.
     * would reach the router as /api/v2/presence/, and ./sessions as the user 'sessions') or refuses it encoded as
     * ambiguous. Either way the answer is the 400 of the id it stands for, whatever the method.
     */
    @Test
    void aDotSegmentIsRefusedAsTheReservedIdItIs() throws Exception {
        String admin = TestNode.token("ops", "presence:admin");
        Map<String, String> fields = new LinkedHashMap<>();
        for (String dots : List.of(".", "..", "%2e", "%2E", "%2E%2E", ".%2e", "..;x", ".;a=b", "%2e%2e;x")) {
            fields.put(BASE + dots, "userId");
            fields.put(BASE + dots + "/sessions", "userId");
            fields.put(BASE + dots + "/sessions/phone", "userId");
            fields.put(BASE + CANARY + "/sessions/" + dots, "sessionId");
        }
        for (var path : fields.entrySet()) {
            for (String method : List.of("GET", "PUT", "DELETE")) {
                RawHttp.RawResponse response = send(new Case(method + " " + path.getKey(), method, path.getKey(),
                        List.of("Authorization: Bearer " + admin, "Content-Type: application/json"),
                        method.equals("PUT") ? "{\"status\":\"online\"}".getBytes(StandardCharsets.UTF_8) : null, 400));
                String what = method + " " + path.getKey() + " -> " + response.status() + " " + response.body();
                assertThat(response.status()).as(what).isEqualTo(400);
                ErrorResponse error = TestNode.JSON.readValue(response.body(), ErrorResponse.class);
                assertThat(error.code()).as(what).isEqualTo("invalid_request");
                assertThat(error.details()).as(what).singleElement().isEqualTo(new ErrorDetail(path.getValue(),
                        PresenceLimits.USER_ID_RULE));
            }
        }
        RawHttp.RawResponse elsewhere = send(get("a dot segment past a user's paths", BASE + CANARY + "/../" + CANARY));
        assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(400);
        assertThat(elsewhere.body()).contains("'.' or '..' segment");
        assertThat(node.get(BASE + "sessions").statusCode()).as("no user 'sessions' written").isEqualTo(404);
    }

    @TestFactory
    Stream<DynamicTest> everyHostileRequestGetsA4xxErrorResponse() {
        Stream<DynamicTest> cases = corpus().stream().map(c -> dynamicTest(c.name(), () -> {
            RawHttp.RawResponse response = send(c);
            String what = c.name() + " -> " + response.status() + " " + response.body();
            if (c.expected() != 0) {
                assertThat(response.status()).as(what).isEqualTo(c.expected());
            }
            assertThat(response.status()).as(what).isBetween(400, 499);
            assertThat(response.header("Content-Type")).as(what).startsWith("application/json");
            ErrorResponse error = TestNode.JSON.readValue(response.body(), ErrorResponse.class);
            assertThat(error.code()).as(what).isNotBlank();
            assertThat(error.message()).as(what).doesNotContain(canaryToken);
        }));
        DynamicTest canary = dynamicTest("the canary is unchanged", () -> {
            var get = node.get(BASE + CANARY);
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.headers().firstValue("ETag")).hasValue(canaryEtag);
            assertThat(get.body()).contains("\"message\":\"canary\"", "\"status\":\"busy\"");
        });
        return Stream.concat(cases, Stream.of(canary));
    }
}
