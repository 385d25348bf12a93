package io.presence.service.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.auth.AuthenticationException;
import io.dropwizard.auth.Authenticator;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.github.bucket4j.TimeMeter;
import io.presence.api.PresenceLimits;
import io.presence.service.auth.PresencePrincipal;
import io.presence.service.core.PresenceService;
import io.presence.service.core.PresenceSettings;
import io.presence.service.errors.ErrorHandling;
import io.presence.service.errors.RawHttp;
import io.presence.service.errors.RequestBodies;
import io.presence.service.json.IsoInstantSerializer;
import io.presence.service.ratelimit.RateLimiter;
import io.presence.service.testing.InMemoryPresenceStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DirectWriteFilter} in a real Jetty, in front of a stand-in for Jersey that records what reaches
 * it: which writes the filter answers, and that everything else arrives with its body intact.
 */
class DirectWriteFilterTest {

    private static final String ALICE = "alice-token";
    /** A token whose check throws, as an authenticator that cannot reach its keys would. */
    private static final String BROKEN = "broken-token";
    private static final String JSON = "application/json";

    private final InMemoryPresenceStore store = new InMemoryPresenceStore();
    private final List<String> reachedResource = new CopyOnWriteArrayList<>();
    private final List<String> checkedTokens = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Server server;

    @AfterEach
    void stopServer() throws Exception {
        server.stop();
    }

    @Test
    void aPlainWriteIsStoredAndAnsweredWithoutTheResource() {
        start(Optional.empty());

        HttpResponse<String> response = put("alice", "{\"status\":\"busy\",\"message\":\"hi\"}", "Authorization",
                "Bearer " + ALICE, "Content-Type", JSON);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(JSON);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(response.body()).contains("\"userId\":\"alice\"", "\"status\":\"busy\"", "\"message\":\"hi\"");
        assertThat(store.get("alice")).get().extracting(r -> r.status().name()).isEqualTo("BUSY");
        assertThat(reachedResource).isEmpty();
    }

    @Test
    void whatIsNotAPlainPermittedWriteReachesTheResourceWithItsBody() {
        start(Optional.empty());
        String ok = "{\"status\":\"online\"}";
        List<Request> handedOn = List.of(
                new Request("alice", ok, "Content-Type", JSON),
                new Request("alice", ok, "Authorization", "Basic " + ALICE, "Content-Type", JSON),
                new Request("alice", ok, "Authorization", "Bearer " + ALICE, "Content-Type", "text/plain"),
                new Request("alice", ok, "Authorization", "Bearer " + ALICE, "Content-Type", JSON,
                        "Accept", "text/html"),
                new Request("alice", ok, "Authorization", "Bearer " + ALICE, "Content-Type", JSON,
                        "Content-Encoding", "identity"),
                new Request("bad%20id", ok, "Authorization", "Bearer " + ALICE, "Content-Type", JSON),
                new Request("bob", ok, "Authorization", "Bearer " + ALICE, "Content-Type", JSON),
                new Request("alice", "{\"status\":", "Authorization", "Bearer " + ALICE, "Content-Type", JSON),
                new Request("alice", "null", "Authorization", "Bearer " + ALICE, "Content-Type", JSON),
                new Request("alice", "", "Authorization", "Bearer " + ALICE, "Content-Type", JSON),
                new Request("alice", "{\"status\":\"gone\"}", "Authorization", "Bearer " + ALICE, "Content-Type", JSON),
                new Request("alice", "{\"status\":\"online\",\"ttlSeconds\":1}", "Authorization", "Bearer " + ALICE,
                        "Content-Type", JSON),
                new Request("alice", "{\"status\":\"online\",\"message\":\"" + "m".repeat(PresenceLimits.MAX_MESSAGE_LENGTH + 1) + "\"}",
                        "Authorization", "Bearer " + ALICE, "Content-Type", JSON),
                new Request("alice", ok, "Authorization", "Bearer " + ALICE, "Content-Type", JSON,
                        "If-Match", "\"abc\""),
                new Request("alice", "x".repeat(70_000), "Authorization", "Bearer " + ALICE, "Content-Type", JSON));
        for (Request request : handedOn) {
            reachedResource.clear();

            HttpResponse<String> response = put(request.userId(), request.body(), request.headers());

            assertThat(response.statusCode()).as(request.toString()).isEqualTo(299);
            assertThat(reachedResource).as(request.toString()).containsExactly(request.body());
        }
        assertThat(store.get("alice")).isEmpty();
    }

    @Test
    void theSchemeIsMatchedInAnyCase() {
        start(Optional.empty());

        HttpResponse<String> response = put("alice", "{\"status\":\"away\"}", "Authorization", "bEARER " + ALICE,
                "Content-Type", JSON);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(reachedResource).isEmpty();
    }

    @Test
    void aTokenThatDoesNotVerifyIsRefusedHereAndCheckedOnce() {
        start(Optional.empty());

        HttpResponse<String> response = put("alice", "{\"status\":\"online\"}", "Authorization", "Bearer wrong",
                "Content-Type", JSON);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"presence\", error=\"invalid_token\"");
        assertThat(response.body()).startsWith("{\"code\":\"unauthorized\"");
        assertThat(checkedTokens).containsExactly("wrong");
        assertThat(reachedResource).isEmpty();
        assertThat(store.get("alice")).isEmpty();
    }

    @Test
    void aTokenCheckThatFailsIsTheResourcesToAnswer() {
        start(Optional.empty());

        HttpResponse<String> response = put("alice", "{\"status\":\"online\"}", "Authorization", "Bearer " + BROKEN,
                "Content-Type", JSON);

        assertThat(response.statusCode()).isEqualTo(299);
        assertThat(reachedResource).containsExactly("{\"status\":\"online\"}");
    }

    @Test
    void aWriteOverItsRateLimitIsTheResourcesToRefuse() {
        start(Optional.of(new RateLimiter(1, 1, Duration.ofHours(1), 100, Duration.ofHours(1),
                TimeMeter.SYSTEM_NANOTIME)));

        HttpResponse<String> first = put("alice", "{\"status\":\"online\"}", "Authorization", "Bearer " + ALICE,
                "Content-Type", JSON);
        HttpResponse<String> second = put("alice", "{\"status\":\"away\"}", "Authorization", "Bearer " + ALICE,
                "Content-Type", JSON);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(299);
        assertThat(reachedResource).containsExactly("{\"status\":\"away\"}");
    }

    @Test
    void aStaleIfMatchIsRefusedWith412() {
        start(Optional.empty());

        HttpResponse<String> response = put("alice", "{\"status\":\"online\"}", "Authorization", "Bearer " + ALICE,
                "Content-Type", JSON, "If-Match", "\"7\"");

        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(JSON);
        assertThat(response.body()).startsWith("{\"code\":\"precondition_failed\"");
        assertThat(reachedResource).isEmpty();
    }

    @Test
    void storageOutOfReachIsA503WithRetryAfter() {
        start(Optional.empty());
        store.setUnavailable(true);

        HttpResponse<String> response = put("alice", "{\"status\":\"online\"}", "Authorization", "Bearer " + ALICE,
                "Content-Type", "application/json; charset=UTF-8");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.body()).startsWith("{\"code\":\"unavailable\"");
        assertThat(reachedResource).isEmpty();
    }

    @Test
    void aBodyCutShortFailsTheRequestAndStoresNothing() throws IOException {
        start(Optional.empty());
        String head = "PUT /api/v2/presence/alice HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + ALICE + "\r\nContent-Length: 40";

        RawHttp.RawResponse response = RawHttp.exchangeHalfClosed(port(), head,
                "{\"status\":".getBytes(StandardCharsets.UTF_8));

        // Jetty's answer to a body that stopped coming; the node's error handler makes it JSON (DirectWritesIT).
        assertThat(response.status()).isEqualTo(400);
        assertThat(reachedResource).isEmpty();
        assertThat(store.get("alice")).isEmpty();
    }

    private record Request(String userId, String body, String... headers) {
        @Override
        public String toString() {
            return "PUT " + userId + " " + (body.length() > 40 ? body.substring(0, 40) + "..." : body) + " "
                    + String.join(" ", headers);
        }
    }

    private void start(Optional<RateLimiter> limiter) {
        ObjectMapper json = ErrorHandling.configureObjectMapper(Jackson.newObjectMapper()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).registerModule(IsoInstantSerializer.module()));
        PresenceService service = new PresenceService(store, new PresenceSettings(), "node-a", Clock.systemUTC());
        PresenceWrites writes = new PresenceWrites(service, new PresenceReads(json),
                new RequestBodies(Validators.newValidator()));
        Authenticator<String, PresencePrincipal> tokens = token -> {
            checkedTokens.add(token);
            if (token.equals(BROKEN)) {
                throw new AuthenticationException("the token check itself failed");
            }
            return token.equals(ALICE) ? Optional.of(new PresencePrincipal("alice", Set.of(), null)) : Optional.empty();
        };

        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(new DirectWriteFilter(writes, tokens, limiter, json)),
                PresenceResource.USER_PATTERN, EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new RecordingResource()), "/*");
        server = new Server();
        server.addConnector(new ServerConnector(server));
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    private HttpResponse<String> put(String userId, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port() + "/api/v2/presence/" + userId))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stands in for Jersey: records the body as far as it can be read, answers 299. */
    private final class RecordingResource extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            InputStream in = request.getInputStream();
            try {
                for (int b = in.read(); b >= 0; b = in.read()) {
                    body.write(b);
                }
            } catch (IOException cutShort) {
                // the client stopped sending: what came is what is recorded
            }
            reachedResource.add(body.toString(StandardCharsets.UTF_8));
            response.setStatus(299);
        }
    }
}
