package io.presence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.presence.client.RealNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code presence bench} against a real node whose rate limits are off (the default 60 writes a minute would fail it). */
class BenchCommandIT {

    @TempDir
    static Path dir;
    private static RealNode node;

    @BeforeAll
    static void start() {
        node = new RealNode(dir, RealNode.NO_RATE_LIMITS);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aTenSecondBenchReportsThroughputAndNoErrors() {
        CliHarness bench = new CliHarness();
        // Paced and 4 in flight: the machine is shared, the point is a correct report, not a record.
        int exit = bench.run("bench", "--url", node.baseUrl(), "--token", RealNode.token("ops", "presence:admin"),
                "--duration", "10s", "--warmup", "1s", "--users", "100", "--read-ratio", "0.8",
                "--concurrency", "4", "--rate", "200", "-o", "json");

        assertThat(exit).as(bench.err()).isZero();
        JsonNode report = bench.json();
        assertThat(report.get("durationSeconds").asDouble()).isGreaterThanOrEqualTo(10);
        assertThat(report.get("requests").asLong()).isPositive();
        assertThat(report.get("throughput").asDouble()).isPositive();
        assertThat(report.get("errors").asLong()).isZero();
        assertThat(report.get("errorKinds")).isEmpty();
        for (String op : new String[] {"read", "write"}) {
            JsonNode stats = report.get(op);
            assertThat(stats.get("requests").asLong()).as(op).isPositive();
            assertThat(stats.get("throughput").asDouble()).as(op).isPositive();
            assertThat(stats.get("errors").asLong()).as(op).isZero();
            JsonNode latency = stats.get("latencyMs");
            assertThat(latency.get("p50").asDouble()).as(op).isPositive()
                    .isLessThanOrEqualTo(latency.get("p99").asDouble());
            assertThat(latency.get("p99").asDouble()).as(op).isLessThanOrEqualTo(latency.get("max").asDouble());
        }
        assertThat(report.get("read").get("notFound").asLong()).as("seeded users are found").isZero();

        CliHarness get = new CliHarness();
        assertThat(get.run("get", "bench-0", "bench-99", "-o", "json", "--url", node.baseUrl())).isZero();
        assertThat(get.json()).extracting(p -> p.get("status").asText()).containsExactly("online", "online");
    }

    @Test
    void aReadOnlyBenchNeedsNoToken() {
        CliHarness bench = new CliHarness();
        assertThat(bench.run("bench", "--url", node.baseUrl(), "--duration", "1s", "--read-ratio", "1",
                "--users", "10", "--concurrency", "2", "--rate", "50")).as(bench.err()).isZero();
        assertThat(bench.out()).startsWith("presence bench: 1.0 s, 10 users, read ratio 1.00, concurrency 2, rate 50.0/s")
                .containsPattern("\nread +[1-9]\\d* ").containsPattern("\nwrite +0 ");
    }
}
