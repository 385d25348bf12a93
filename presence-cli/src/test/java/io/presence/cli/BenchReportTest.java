package io.presence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    private static final BenchResult RESULT = new BenchResult(10.002, 1000, 0.9, 16, 0, 12_000, 1199.8, 3,
            new BenchResult.Latency(0.412, 0.9, 2.5, 31.207),
            new BenchResult.Operation(10_800, 1079.8, 12, 1, new BenchResult.Latency(0.398, 0.85, 2.1, 31.207)),
            new BenchResult.Operation(1200, 120.0, 0, 2, new BenchResult.Latency(0.601, 1.2, 4.75, 12.0)),
            List.of(new ErrorTally.Kind("HTTP 429 rate_limited", 2, List.of("slow down (HTTP 429, rate_limited)")),
                    new ErrorTally.Kind("transport", 1, List.of("GET a failed", "GET b failed"))));

    @Test
    void printsATableWithTheErrorKinds() {
        StringWriter out = new StringWriter();
        BenchReport.print(RESULT, new PrintWriter(out, true));
        assertThat(out.toString()).isEqualTo(CliHarness.golden("bench.txt"));
    }

    @Test
    void operationsWithoutAnswersShowDashes() {
        BenchResult.Operation none = new BenchResult.Operation(0, 0, 0, 0, null);
        StringWriter out = new StringWriter();
        BenchReport.print(new BenchResult(1, 1, 1, 1, 20, 0, 0, 0, null, none, none, List.of()),
                new PrintWriter(out, true));
        assertThat(out.toString()).isEqualTo("""
                presence bench: 1.0 s, 1 users, read ratio 1.00, concurrency 1, rate 20.0/s

                OP     REQUESTS  REQ/S  NOT FOUND  ERRORS  P50 MS  P90 MS  P99 MS  MAX MS
                read   0         0.0    0          0       -       -       -       -
                write  0         0.0    -          0       -       -       -       -
                total  0         0.0    0          0       -       -       -       -
                """);
    }

    @Test
    void theJsonHasAStableShape() {
        JsonNode json = CliHarness.parse(CliJson.pretty(RESULT));
        assertThat(json.fieldNames()).toIterable().containsExactly("durationSeconds", "users", "readRatio",
                "concurrency", "targetRate", "requests", "throughput", "errors", "latencyMs", "read", "write",
                "errorKinds");
        assertThat(json.get("read").fieldNames()).toIterable()
                .containsExactly("requests", "throughput", "notFound", "errors", "latencyMs");
        assertThat(json.get("latencyMs").fieldNames()).toIterable().containsExactly("p50", "p90", "p99", "max");
        assertThat(json.get("errorKinds").get(1).get("messages")).hasSize(2);
        assertThat(json.get("read").get("latencyMs").get("max").asDouble()).isEqualTo(31.207);
    }
}
