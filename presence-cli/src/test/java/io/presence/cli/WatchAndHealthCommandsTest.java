package io.presence.cli;

import static io.presence.cli.CliHarness.error;
import static io.presence.cli.CliHarness.json;
import static io.presence.cli.CliHarness.presenceJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WatchAndHealthCommandsTest {

    @StartStop
    final MockWebServer server = new MockWebServer();

    private final CliHarness cli = new CliHarness();
    /** Answers to the look-up a watch makes once its stream is open (who has no presence yet), apart from the queue. */
    private final Queue<MockResponse> lookups = new ConcurrentLinkedQueue<>();

    /** Without an answer queued, a look-up fails (404), and the watch says nothing of it. */
    @BeforeEach
    void answerLookupsApartFromTheStreams() {
        server.setDispatcher(new QueueDispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if (request.getTarget().equals("/api/v2/presence/batch")) {
                    MockResponse answer = lookups.poll();
                    return answer != null ? answer : error(404, "not_found");
                }
                return super.dispatch(request);
            }
        });
    }

    private String url() {
        return server.url("/").toString();
    }

    private static MockResponse stream(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(body).build();
    }

    private static String event(String json, long revision) {
        return "id: " + revision + "\nevent: presence\ndata: " + json + "\n\n";
    }

    @Test
    void watchPrintsOneLinePerChange() throws Exception {
        server.enqueue(stream(event(presenceJson("alice", "online", null, "n1", 1), 1)
                + event(presenceJson("alice", "busy", "in a call", "n1", 2), 2)));
        assertThat(cli.run("watch", "alice", "bob", "--count", "2", "--url", url())).isZero();
        assertThat(cli.out()).isEqualTo("""
                2026-01-01T00:00:01Z alice online
                2026-01-01T00:00:01Z alice busy "in a call"
                """);
        assertThat(server.takeRequest().getTarget()).isEqualTo("/api/v2/presence/stream?users=alice,bob");
    }

    /** The stream sends nothing for a user without a presence: the watch says so, then waits for changes. */
    @Test
    void watchSaysWhoHasNoPresenceYet() {
        lookups.add(json(200, "{\"presences\":[" + presenceJson("alice", "online", null, "n1", 1)
                + "],\"notFound\":[\"nobody\"]}"));
        server.enqueue(stream(event(presenceJson("alice", "online", null, "n1", 1), 1)));
        server.enqueue(stream(event(presenceJson("nobody", "away", null, "n1", 2), 2)));

        int exit = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> cli.run("watch", "alice", "nobody", "-n", "2", "--url", url()));

        assertThat(exit).as(cli.err()).isZero();
        assertThat(cli.out()).isEqualTo("2026-01-01T00:00:01Z alice online\n2026-01-01T00:00:01Z nobody away\n");
        assertThat(cli.err()).startsWith("presence: watch: no presence yet for nobody; their changes will follow\n");
    }

    @Test
    void watchSendsTheToken() throws Exception {
        server.enqueue(stream(event(presenceJson("alice", "online", null, "n1", 1), 1)));
        assertThat(cli.run("watch", "alice", "-n", "1", "--token", "reader", "--url", url())).isZero();
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer reader");
    }

    @Test
    void watchPrintsJsonLines() {
        server.enqueue(stream(event(presenceJson("alice", "online", null, "n1", 1), 1)
                + event(presenceJson("alice", "away", null, "n1", 2), 2)));
        assertThat(cli.run("watch", "alice", "-n", "2", "-o", "json", "--url", url())).isZero();
        String[] lines = cli.out().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines).extracting(line -> CliHarness.parse(line).get("status").asText()).containsExactly("online", "away");
    }

    @Test
    void watchEndsQuietlyOnceStdoutIsClosed() {
        server.enqueue(stream(event(presenceJson("alice", "online", null, "n1", 1), 1)
                + event(presenceJson("bob", "away", null, "n1", 2), 2)));
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> cli.closedStdout().run("watch", "alice", "bob", "--url", url()));
        assertThat(exit).isEqualTo(ExitCode.OK);
        assertThat(cli.err()).isEmpty();
        assertThat(server.getRequestCount()).as("the stream, and the look-up of who has no presence: no reconnect")
                .isEqualTo(2);
    }

    @Test
    void watchCountBelowOneIsUsage() {
        assertThat(cli.run("watch", "alice", "--count", "0", "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).startsWith("presence: error: --count must be at least 1 (was 0); leave it out to run until Ctrl-C\n");
        CliHarness negative = new CliHarness();
        assertThat(negative.run("watch", "alice", "-n", "-1", "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(negative.err()).startsWith("presence: error: --count must be at least 1 (was -1)");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void watchHelpSaysWhatCountCountsAndThatItReconnectsForeverOnceOpen() {
        assertThat(cli.run("watch", "--help")).isZero();
        assertThat(cli.out()).contains("--count 1    # alice's current presence, then exit")
                .contains("the current presences included")
                .contains("Once the stream is open it reconnects by itself, for as long as it runs")
                .contains("--retries only limits the attempts to\nopen it the first time (then exit 5)")
                .doesNotContain("next event and exit");
    }

    @Test
    void watchReportsReconnectsAndStopsOnAuthErrors() {
        server.enqueue(error(503, "unavailable"));
        server.enqueue(stream(event(presenceJson("alice", "online", null, "n1", 1), 1)));
        assertThat(cli.run("watch", "alice", "-n", "1", "--url", url())).isZero();
        assertThat(cli.out()).isEqualTo("2026-01-01T00:00:01Z alice online\n");

        server.enqueue(error(401, "unauthorized"));
        CliHarness denied = new CliHarness();
        assertThat(denied.run("watch", "alice", "--url", url())).isEqualTo(ExitCode.AUTH);
        assertThat(denied.err()).startsWith("presence: error: m-401; no token was given (--token, --token-file or "
                + "env PRESENCE_TOKEN) (HTTP 401, unauthorized)");
    }

    @Test
    void watchOfANodeThatNeverAnswersStopsAfterTheRetriesWithExitUnavailable() {
        String refused = CliHarness.refusedUrl();
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> cli.run("watch", "alice", "--retries", "2", "--url", refused));
        assertThat(exit).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(cli.out()).isEmpty();
        String[] lines = cli.err().split("\n");
        assertThat(lines[0]).startsWith("presence: watch: presence stream failed: cannot connect (")
                .endsWith("; check --url (env PRESENCE_URL) and that the node is running (reconnecting)");
        assertThat(lines[1]).startsWith("presence: error: presence stream failed: cannot connect (")
                .doesNotContain("java.net");
        assertThat(lines).hasSize(3);
    }

    /** The stream's read timeout is above the heartbeat interval; opening it is bounded by --timeout. */
    @Test
    void watchOfANodeThatTakesTheConnectionButNeverOpensTheStreamStopsAfterTheTimeouts() {
        for (int i = 0; i < 2; i++) {
            server.enqueue(stream(": heartbeat\n\n").newBuilder().headersDelay(30, TimeUnit.SECONDS)
                    .build());
        }
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> cli.run("watch", "alice", "--retries", "2", "--timeout", "300ms", "--url", url()));

        assertThat(exit).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(cli.err()).contains("presence stream failed: no answer in time (not opened within 300ms); check "
                + "--url (env PRESENCE_URL) and that the node is healthy, or wait longer with --timeout");
    }

    @Test
    void watchOnceOpenKeepsReconnectingBeyondTheRetries() {
        server.enqueue(stream(": heartbeat\n\n")); // open, nobody has a presence yet, then the stream ends
        server.enqueue(error(503, "unavailable"));
        server.enqueue(error(503, "unavailable"));
        server.enqueue(stream(event(presenceJson("alice", "online", null, "n1", 1), 1)));
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> cli.run("watch", "alice", "-n", "1", "--retries", "1", "--url", url()));
        assertThat(exit).as(cli.err()).isZero();
        assertThat(cli.out()).isEqualTo("2026-01-01T00:00:01Z alice online\n");
        assertThat(cli.err()).contains("m-503 (HTTP 503, unavailable) (reconnecting)");
    }

    @Test
    void watchSaysWhenTheNodeCouldNotResume() {
        server.enqueue(stream(event(presenceJson("alice", "online", null, "n1", 50), 50)));
        server.enqueue(stream(event(presenceJson("alice", "away", null, "n1", 7), 7))); // started over: an older id
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> cli.run("watch", "alice", "-n", "2", "--url", url()));
        assertThat(exit).as(cli.err()).isZero();
        assertThat(cli.out()).isEqualTo("2026-01-01T00:00:01Z alice online\n2026-01-01T00:00:01Z alice away\n");
        assertThat(cli.err()).isEqualTo("presence: watch: the server ended the presence stream (reconnecting)\n"
                + "presence: watch: the node could not resume after event 50; changes since may be missing, the "
                + "current presences follow\n");
    }

    @Test
    void watchRefusedForAnExpiredTokenSaysSo() {
        server.enqueue(error(401, "unauthorized"));
        String expired = ReadWriteCommandsTest.jwtExpiringAt(CliHarness.CLOCK.instant().minusSeconds(600));
        assertThat(cli.run("watch", "alice", "--token", expired, "--url", url())).isEqualTo(ExitCode.AUTH);
        assertThat(cli.err()).isEqualTo("presence: error: m-401; the token expired at 2025-12-31T23:53:00Z "
                + "(10 min ago) (HTTP 401, unauthorized)\n");
    }

    private static final String METRICS =
            "{\"gauges\":{\"cache.size\":{\"value\":42},\"cache.hitRatio\":{\"value\":0.875}},\"timers\":{}}";

    @Test
    void healthyNode() throws Exception {
        server.enqueue(json(200, "{\"deadlocks\":{\"healthy\":true,\"duration\":0},\"nats\":{\"healthy\":true}}"));
        server.enqueue(json(200, METRICS));
        assertThat(cli.run("health", "--admin-url", url(), "-o", "json")).isZero();
        JsonNode report = cli.json();
        assertThat(report.get("healthy").asBoolean()).isTrue();
        assertThat(report.get("checks").get("nats").get("healthy").asBoolean()).isTrue();
        assertThat(report.get("cache").get("size").asLong()).isEqualTo(42);
        assertThat(report.get("cache").get("hitRatio").asDouble()).isEqualTo(0.875);
        assertThat(server.takeRequest().getTarget()).isEqualTo("/healthcheck");
        assertThat(server.takeRequest().getTarget()).isEqualTo("/metrics");
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void aReplicatedCenterShowsItsClusterInTheTableAndItsDetailsInJson() throws Exception {
        String checks = "{\"cluster\":{\"healthy\":true,\"message\":\"stream leader c2, replicas 2/3 current; "
                + "c3 offline; meta leader c1, 3 servers, 1 routes up\",\"streamLeader\":\"c2\",\"replicas\":3,"
                + "\"replicasCurrent\":2,\"duration\":3,\"timestamp\":\"2026-12-04T05:00:00Z\"}}";
        server.enqueue(json(200, checks));
        server.enqueue(json(200, METRICS));
        assertThat(cli.run("health", "--admin-url", url())).isZero();
        assertThat(cli.out()).contains("cluster  healthy  stream leader c2, replicas 2/3 current; c3 offline; "
                + "meta leader c1, 3 servers, 1 routes up");

        server.enqueue(json(200, checks));
        server.enqueue(json(200, METRICS));
        CliHarness json = new CliHarness();
        assertThat(json.run("health", "--admin-url", url(), "-o", "json")).isZero();
        JsonNode details = json.json().get("checks").get("cluster").get("details");
        assertThat(details.get("streamLeader").asText()).isEqualTo("c2");
        assertThat(details.get("replicasCurrent").asInt()).isEqualTo(2);
        assertThat(details.has("duration")).isFalse();
    }

    @Test
    void unhealthyLeafExitsUnavailable() {
        server.enqueue(json(500, "{\"deadlocks\":{\"healthy\":true},"
                + "\"hub-link\":{\"healthy\":false,\"message\":\"hub not answering for 30s\"},"
                + "\"nats\":{\"healthy\":true}}"));
        server.enqueue(json(200, METRICS));
        assertThat(cli.run("health", "--admin-url", url())).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(cli.out()).isEqualTo(CliHarness.golden("health-leaf.txt"));
        assertThat(cli.err()).isEqualTo("presence: node is unhealthy: hub-link\n");
    }

    @Test
    void missingGaugesAndBadAnswers() {
        server.enqueue(json(200, "{\"nats\":{\"healthy\":true}}"));
        server.enqueue(json(200, "{\"gauges\":{}}"));
        assertThat(cli.run("health", "--admin-url", url())).isZero();
        assertThat(cli.out()).contains("cache.size      -");

        server.enqueue(json(404, "{}"));
        CliHarness notFound = new CliHarness();
        assertThat(notFound.run("health", "--admin-url", url())).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(notFound.err()).contains("answered HTTP 404; check that --admin-url (env PRESENCE_ADMIN_URL) is "
                + "the node's admin port, not its API port\n");

        server.enqueue(json(200, "not json"));
        CliHarness malformed = new CliHarness();
        assertThat(malformed.run("health", "--admin-url", url())).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(malformed.err()).contains("answered 200 with Content-Type application/json, not the health checks'"
                + " JSON; check that --admin-url").doesNotContain("StreamReadFeature");

        // A proxy's empty page, or an empty object, is no node saying it is healthy.
        for (MockResponse empty : List.of(json(500, ""), json(200, "{}"))) {
            server.enqueue(empty);
            CliHarness emptyAnswer = new CliHarness();
            assertThat(emptyAnswer.run("health", "--admin-url", url())).isEqualTo(ExitCode.UNAVAILABLE);
            assertThat(emptyAnswer.err()).contains("not the health checks' JSON");
        }

    }

    @Test
    void anEndlessAnswerIsCutOffNotReadIntoMemory() {
        server.enqueue(new MockResponse.Builder().code(200).body(new okio.Buffer().write(
                new byte[HealthCommand.MAX_BODY_BYTES + 1])).build());
        assertThat(cli.run("health", "--admin-url", url())).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(cli.err()).startsWith("presence: error: GET " + url() + "healthcheck answered more than 16 MiB; "
                + "check that --admin-url (env PRESENCE_ADMIN_URL) is the node's admin port\n");
    }

    @Test
    void healthFailuresSayWhatFailedAndWhatToChange() {
        String refusedUrl = CliHarness.refusedUrl();
        CliHarness refused = new CliHarness();
        assertThat(refused.run("health", "--admin-url", refusedUrl, "--timeout", "2s")).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(refused.err()).startsWith("presence: error: GET " + refusedUrl + "healthcheck failed: cannot connect; "
                + "check that --admin-url (env PRESENCE_ADMIN_URL) is the node's admin port\n");

        CliHarness unknownHost = new CliHarness();
        assertThat(unknownHost.run("health", "--admin-url", "http://presence.invalid:8081")).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(unknownHost.err()).startsWith("presence: error: GET http://presence.invalid:8081/healthcheck failed: "
                + "unknown host presence.invalid; check --admin-url\n");

        CliHarness underscore = new CliHarness();
        assertThat(underscore.run("health", "--admin-url", "http://presence_1.invalid:8081/")).isEqualTo(
                ExitCode.UNAVAILABLE);
        assertThat(underscore.err()).as("a host name --url takes is no usage error here either").startsWith(
                "presence: error: GET http://presence_1.invalid:8081/healthcheck failed: unknown host "
                        + "presence_1.invalid; check --admin-url\n");

        server.enqueue(new MockResponse.Builder().headersDelay(5, TimeUnit.SECONDS).body("{}").build());
        CliHarness slow = new CliHarness();
        assertThat(slow.run("health", "--admin-url", url(), "--timeout", "200ms")).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(slow.err()).startsWith("presence: error: GET " + url() + "healthcheck failed: no answer within 200ms; "
                + "raise --timeout or check --admin-url\n");
    }

    @Test
    void healthRejectsABadAdminUrlOrTimeoutAsUsage() {
        assertThat(cli.run("health", "--admin-url", "notaurl")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).startsWith("presence: error: --admin-url 'notaurl' is not an http(s) URL (e.g. http://localhost:8081, "
                + "the node's admin port)\n");
        CliHarness spaces = new CliHarness();
        assertThat(spaces.run("health", "--admin-url", "http://a b")).isEqualTo(ExitCode.USAGE);
        assertThat(spaces.err()).startsWith("presence: error: --admin-url 'http://a b' is not an http(s) URL");
        CliHarness ftp = new CliHarness();
        assertThat(ftp.run("health", "--admin-url", "ftp://node:8081")).isEqualTo(ExitCode.USAGE);
        CliHarness password = new CliHarness();
        assertThat(password.run("health", "--admin-url", "http://ops:s3cret@node:8081")).isEqualTo(ExitCode.USAGE);
        assertThat(password.err()).startsWith("presence: error: --admin-url http://node:8081/... must not carry a user or password")
                .doesNotContain("s3cret");
        CliHarness zero = new CliHarness();
        assertThat(zero.run("health", "--timeout", "0s", "--admin-url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(zero.err()).startsWith("presence: error: --timeout must be between 1ms and 24d (was 0s)\n");
        assertThat(server.getRequestCount()).isZero();
    }
}
