package io.presence.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.presence.api.PresenceStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okio.BufferedSink;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cancelling an asynchronous call's future ends its HTTP call: the server sees the connection go. Every answer
 * here is an endless body; without the cancel reaching OkHttp the client would read it until the call timeout
 * (an hour), and the server's writes would keep succeeding.
 */
class PresenceClientCancelTest {

    @StartStop
    private final MockWebServer server = new MockWebServer();

    /** Counted down by the server when writing to the client fails: the client closed the connection. */
    private final CountDownLatch clientWentAway = new CountDownLatch(1);
    /** Counted down when the test is over, so a body whose client stayed stops writing. */
    private final CountDownLatch testOver = new CountDownLatch(1);

    static List<Function<PresenceClient, CompletableFuture<?>>> calls() {
        return List.of(
                client -> client.getAsync("alice"),
                client -> client.getManyAsync(List.of("alice", "bob")),
                client -> client.setAsync("alice", StatusUpdate.of(PresenceStatus.ONLINE)),
                client -> client.clearAsync("alice"),
                client -> client.setSessionAsync("alice", "phone", StatusUpdate.of(PresenceStatus.ONLINE)),
                client -> client.sessionsAsync("alice"),
                client -> client.endSessionAsync("alice", "phone"),
                client -> client.endAllSessionsAsync("alice"));
    }

    @ParameterizedTest
    @MethodSource("calls")
    void cancellingTheFutureClosesTheConnection(Function<PresenceClient, CompletableFuture<?>> call) throws Exception {
        try (PresenceClient client = PresenceClient.create(answeringEndlessly())) {
            CompletableFuture<?> future = call.apply(client);
            assertThat(server.takeRequest(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(future.cancel(true)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> clientWentAway.getCount() == 0);
            assertThat(future).isCancelled();
        } finally {
            testOver.countDown();
        }
    }

    /** Closing the client ends its calls still waiting: "client is closed" at once, and their connections go. */
    @ParameterizedTest
    @MethodSource("calls")
    void closingTheClientEndsItsCallsInFlight(Function<PresenceClient, CompletableFuture<?>> call) throws Exception {
        try {
            PresenceClient client = PresenceClient.create(answeringEndlessly());
            CompletableFuture<?> future = call.apply(client);
            assertThat(server.takeRequest(5, TimeUnit.SECONDS)).isNotNull();
            client.close();
            assertThat(future).isCompletedExceptionally();
            assertThat(catchThrowable(future::join)).hasRootCauseMessage("client is closed");
            await().atMost(Duration.ofSeconds(10)).until(() -> clientWentAway.getCount() == 0);
        } finally {
            testOver.countDown();
        }
    }

    /** The server's next answer is an endless body, and the client would wait an hour for the rest of it. */
    private PresenceClientOptions answeringEndlessly() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body(new EndlessBody()).build());
        return Fixtures.options(server).retryPolicy(RetryPolicy.NONE)
                .readTimeout(Duration.ofHours(1)).callTimeout(Duration.ofHours(1)).build();
    }

    /** Writes a byte at a time until the client goes (or the test ends): a response that never completes. */
    private final class EndlessBody implements MockResponseBody {
        @Override
        public long getContentLength() {
            return -1;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            try {
                sink.writeUtf8("{").flush();
                // Paced by a latch no one counts down until the test ends: a write every 10 ms shows the
                // closed connection within a couple of writes.
                while (!testOver.await(10, TimeUnit.MILLISECONDS)) {
                    sink.writeUtf8(" ").flush();
                }
            } catch (IOException e) {
                clientWentAway.countDown();
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
