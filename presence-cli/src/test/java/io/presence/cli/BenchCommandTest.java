package io.presence.cli;

import static io.presence.cli.CliHarness.error;
import static io.presence.cli.CliHarness.json;
import static io.presence.cli.CliHarness.presenceJson;
import static io.presence.cli.CliHarness.userNotFound;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** {@code presence bench} against a mock server: short paced runs, assertions on what was sent and reported. */
class BenchCommandTest {

    @StartStop
    final MockWebServer server = new MockWebServer();

    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final CliHarness cli = new CliHarness();

    private String url() {
        return server.url("/").toString();
    }

    private void answer(Function<RecordedRequest, MockResponse> answer) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                return answer.apply(request);
            }
        });
    }

    private static MockResponse presence(RecordedRequest request) {
        String user = request.getTarget().substring(request.getTarget().lastIndexOf('/') + 1);
        return json(200, presenceJson(user, "online", null, "n1", 1));
    }

    private List<RecordedRequest> sent(String method) {
        return requests.stream().filter(r -> r.getMethod().equals(method)).toList();
    }

    /** A short, gentle run: 2 in flight, 50 requests per second. */
    private int bench(CliHarness harness, String... args) {
        List<String> all = new ArrayList<>(List.of("bench", "--url", url(), "--duration", "300ms", "--rate", "50",
                "--concurrency", "2", "--users", "3"));
        all.addAll(List.of(args));
        return harness.run(all.toArray(String[]::new));
    }

    @Test
    void writesWithoutATokenAreAUsageErrorBeforeAnyRequest() {
        assertThat(cli.run("bench", "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("writes need a token: pass --token, --token-file or PRESENCE_TOKEN");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void valuesOutOfRangeAreUsageErrors() {
        assertThat(cli.run("bench", "--read-ratio", "1.5", "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("--read-ratio must be between 0 and 1 (was 1.5)");
        CliHarness concurrency = new CliHarness();
        assertThat(concurrency.run("bench", "--concurrency", "0", "--read-ratio", "1", "--url", url()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(concurrency.err()).contains("--concurrency must be 1-1024");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void seedsTheUsersThenReportsJson() throws Exception {
        answer(BenchCommandTest::presence);
        assertThat(bench(cli, "--token", "tok", "--warmup", "100ms", "--read-ratio", "0.5", "-o", "json")).isZero();

        JsonNode report = cli.json();
        assertThat(report.get("users").asInt()).isEqualTo(3);
        assertThat(report.get("readRatio").asDouble()).isEqualTo(0.5);
        assertThat(report.get("concurrency").asInt()).isEqualTo(2);
        assertThat(report.get("targetRate").asDouble()).isEqualTo(50);
        assertThat(report.get("durationSeconds").asDouble()).isGreaterThanOrEqualTo(0.3);
        long total = report.get("requests").asLong();
        assertThat(total).isPositive();
        assertThat(report.get("read").get("requests").asLong() + report.get("write").get("requests").asLong())
                .isEqualTo(total);
        assertThat(report.get("errors").asLong()).isZero();
        assertThat(report.get("errorKinds")).isEmpty();
        assertThat(report.get("throughput").asDouble()).isPositive();
        assertThat(report.get("latencyMs").get("p99").isNumber()).isTrue();

        List<String> seeded = requests.subList(0, 3).stream().map(RecordedRequest::getTarget).toList();
        assertThat(seeded).containsExactlyInAnyOrder("/api/v2/presence/bench-0", "/api/v2/presence/bench-1",
                "/api/v2/presence/bench-2");
        RecordedRequest put = sent("PUT").get(0);
        assertThat(put.getHeaders().get("Authorization")).isEqualTo("Bearer tok");
        JsonNode body = CliJson.MAPPER.readTree(put.getBody().utf8());
        assertThat(body.get("status").asText()).isEqualTo("online");
        assertThat(body.get("ttlSeconds").asLong()).isEqualTo(1800);
        assertThat(sent("GET")).as("no conditional reads: every GET is a full read")
                .allSatisfy(get -> assertThat(get.getHeaders().get("If-None-Match")).isNull());
        assertThat(cli.err()).contains("presence: bench: seeding 3 users ...",
                "presence: bench: warming up for 0.1s ...", "presence: bench: measuring for 0.3s ...");
    }

    @Test
    void readsOfMissingUsersAreNotFoundNotErrors() {
        answer(request -> userNotFound());
        assertThat(bench(cli, "--read-ratio", "1", "-o", "json")).isZero();

        JsonNode read = cli.json().get("read");
        assertThat(read.get("requests").asLong()).isPositive();
        assertThat(read.get("notFound").asLong()).isEqualTo(read.get("requests").asLong());
        assertThat(read.get("errors").asLong()).isZero();
        assertThat(sent("PUT")).as("no token: nothing seeded").isEmpty();
        assertThat(cli.err()).contains("users not seeded: reads of users never written count as not found");
    }

    @Test
    void failuresExitOneAndAreSummarisedByKindWithoutRetries() {
        answer(request -> error(503, "unavailable"));
        assertThat(bench(cli, "--read-ratio", "1")).isEqualTo(ExitCode.ERROR);

        String[] lines = cli.out().split("\n");
        // the measured time: 0.3 s asked, more on a busy machine (in-flight requests are awaited)
        assertThat(lines[0]).matches("presence bench: \\d+\\.\\d s, 3 users, read ratio 1\\.00, concurrency 2, "
                + "rate 50\\.0/s");
        assertThat(lines[2]).startsWith("OP     REQUESTS  REQ/S");
        assertThat(lines[4]).startsWith("write  0 ");
        assertThat(cli.out()).contains("ERRORS  KIND                  FIRST MESSAGES\n")
                .contains("HTTP 503 unavailable  m-503 (HTTP 503, unavailable)\n");
        long reported = Long.parseLong(lines[3].split(" +")[1]);
        assertThat(reported).isPositive().isEqualTo(server.getRequestCount());
    }

    @Test
    void aFailedSeedStopsBeforeMeasuring() {
        answer(request -> error(403, "forbidden"));
        assertThat(bench(cli, "--token", "alice-token")).isEqualTo(ExitCode.AUTH);
        assertThat(cli.err()).contains("presence: bench: seeding the users failed, nothing was measured\n"
                + "presence: error: m-403 (HTTP 403, forbidden)");
        assertThat(cli.out()).isEmpty();
        assertThat(sent("GET")).isEmpty();
    }

    @Test
    void noSeedSkipsTheWrites() {
        answer(BenchCommandTest::presence);
        assertThat(bench(cli, "--token", "tok", "--no-seed", "--read-ratio", "1", "-o", "json")).isZero();
        assertThat(sent("PUT")).isEmpty();
        assertThat(cli.json().get("read").get("notFound").asLong()).isZero();
    }

    @Test
    void tokenFileThatCannotBeReadIsUsage() {
        assertThat(cli.run("bench", "--token-file", "/nonexistent/token", "--url", url()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).isEqualTo("presence: error: cannot read token file /nonexistent/token: no such file\n");
    }
}
