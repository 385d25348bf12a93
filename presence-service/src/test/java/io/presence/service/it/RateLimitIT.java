package io.presence.service.it;

import static io.presence.service.testing.TestNode.read;
import static io.presence.service.testing.TestNode.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.presence.api.ErrorResponse;
import io.presence.service.errors.RawHttp;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.TestNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Token buckets on a real node with tiny limits: reads per client address, writes per token subject. */
class RateLimitIT {

    @RegisterExtension
    static final NodesExtension nodes = new NodesExtension();
    static TestNode node;

    @BeforeAll
    static void startNode() {
        node = nodes.center("", """
                rateLimit:
                  readsPerSecond: 1
                  readBurst: 3
                  writesPerMinute: 1
                  writeBurst: 2
                  trustedProxyHeader: X-Forwarded-For
                  trustedProxies: [127.0.0.1, "::1"]
                """).start();
        assertThat(node.put("canary", "{\"status\":\"online\"}").statusCode()).isEqualTo(200);
    }

    /** Sends until a 429 (a refill of one per second cannot keep up with back-to-back requests). */
    private static HttpResponse<String> untilLimited(Supplier<HttpResponse<String>> request) {
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> response = request.get();
            if (response.statusCode() == 429) {
                return response;
            }
            assertThat(response.statusCode()).as(response.body()).isLessThan(400);
        }
        throw new AssertionError("never limited");
    }

    private static void assertLimited(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(read(response, ErrorResponse.class).code()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(response.headers().firstValue("RateLimit-Remaining")).hasValue("0");
        assertThat(Long.parseLong(response.headers().firstValue("RateLimit-Reset").orElseThrow())).isPositive();
    }

    @Test
    void readsAreLimitedPerForwardedClientAddress() {
        HttpResponse<String> limited = untilLimited(() -> node.get("/api/v2/presence/canary",
                "X-Forwarded-For", "10.0.0.1, 127.0.0.1"));
        assertLimited(limited);
        assertThat(limited.headers().firstValue("RateLimit-Limit")).hasValue("3");

        HttpResponse<String> stream = node.get("/api/v2/presence/stream?users=canary", "X-Forwarded-For", "10.0.0.1",
                "Accept", "text/event-stream");
        assertThat(stream.statusCode()).isEqualTo(429);
        assertLimited(stream);

        assertThat(node.get("/api/v2/presence/canary", "X-Forwarded-For", "10.0.0.2").statusCode()).isEqualTo(200);
    }

    @Test
    void writesAreLimitedPerTokenSubject() {
        HttpResponse<String> limited = untilLimited(() -> node.put("writer", "{\"status\":\"online\"}",
                token("writer"), "X-Forwarded-For", "10.0.1.1"));
        assertLimited(limited);
        assertThat(limited.headers().firstValue("RateLimit-Limit")).hasValue("2");

        assertThat(node.put("other-writer", "{\"status\":\"online\"}", token("other-writer"),
                "X-Forwarded-For", "10.0.1.2").statusCode()).isEqualTo(200);
        assertThat(node.put("writer", "{\"status\":\"busy\"}", token("ops", "presence:admin"),
                "X-Forwarded-For", "10.0.1.3").statusCode()).isEqualTo(200);
    }

    /** A backend reads for all its users from one address; an admin writes for many users. */
    @Test
    void serviceTokensAreNotReadLimitedAndAdminsAreNotWriteLimited() {
        untilLimited(() -> node.get("/api/v2/presence/canary", "X-Forwarded-For", "10.0.3.1"));
        for (int i = 0; i < 10; i++) {
            assertThat(node.get("/api/v2/presence/canary", "X-Forwarded-For", "10.0.3.1",
                    "Authorization", "Bearer " + token("backend", "presence:read")).statusCode()).isEqualTo(200);
            assertThat(node.get("/api/v2/presence/canary", "X-Forwarded-For", "10.0.3.1",
                    "Authorization", "Bearer " + token("ops", "presence:admin")).statusCode()).isEqualTo(200);
        }
        assertThat(node.get("/api/v2/presence/canary", "X-Forwarded-For", "10.0.3.1",
                "Authorization", "Bearer " + token("canary")).statusCode()).as("a user's token").isEqualTo(429);
        assertThat(node.get("/api/v2/presence/canary", "X-Forwarded-For", "10.0.3.1",
                "Authorization", "Bearer not-a-token").statusCode()).as("an invalid token").isEqualTo(429);

        for (int i = 0; i < 10; i++) {
            assertThat(node.put("admin-writes-" + i, "{\"status\":\"online\"}", token("ops", "presence:admin"),
                    "X-Forwarded-For", "10.0.3.2").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void countsRejections() {
        untilLimited(() -> node.get("/api/v2/presence/canary", "X-Forwarded-For", "10.0.2.1"));
        assertThat(node.get("/api/v2/presence/canary", "X-Forwarded-For", "10.0.2.1").statusCode()).isEqualTo(429);
        HttpResponse<String> metrics = node.send(java.net.http.HttpRequest.newBuilder(node.adminUri("/metrics")));
        assertThat(metrics.body()).contains("\"rateLimit.rejected\"");
    }

    @Test
    void aRefusedBatchSaysItClosesTheConnectionItsUnreadBodyIsOn() throws Exception {
        untilLimited(() -> node.get("/api/v2/presence/canary", "X-Forwarded-For", "10.0.3.1"));
        String body = "{\"userIds\":[\"canary\"]}";

        RawHttp.RawResponse refused = RawHttp.exchangeStalled(node.support().getLocalPort(),
                "POST /api/v2/presence/batch HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: 10.0.3.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length(),
                body.getBytes(StandardCharsets.UTF_8));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Connection")).isEqualTo("close");
    }
}
