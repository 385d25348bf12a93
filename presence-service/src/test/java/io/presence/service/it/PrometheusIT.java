package io.presence.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.presence.api.ErrorResponse;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.SseClient;
import io.presence.service.testing.TestNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /prometheus} on the admin port of a live center and of a live leaf, as Prometheus would scrape it:
 * checked by {@code promtool check metrics} (Prometheus' own linter: no errors, no naming warnings), and the
 * metrics the operator's dashboard and alerts (docs/monitoring) use are all there. And the admin port's other
 * use, Dropwizard's tasks, as an operator calls them with curl.
 */
class PrometheusIT {

    private static final Path MONITORING = Path.of("..", "docs", "monitoring");
    /** A metric name in a PromQL expression: a word followed by a selector, a range or an operator, not a function. */
    private static final Pattern PROMQL_NAME = Pattern.compile("\\b((?:presence|jvm|process)_[a-z0-9_]*[a-z0-9])\\b");

    @RegisterExtension
    static final NodesExtension nodes = new NodesExtension();
    static TestNode center;
    static TestNode leaf;

    @BeforeAll
    static void startNodes() {
        center = nodes.center().start();
        leaf = nodes.leaf("leaf-prom", center.leafnodeUrl()).start();
    }

    @Test
    void aCenterExposesItsRequestsCacheStoreAndJvmInPrometheusFormat() throws Exception {
        assertThat(center.put("prom-1", "{\"status\":\"online\"}").statusCode()).isEqualTo(200);
        assertThat(center.get("/api/v2/presence/prom-1").statusCode()).isEqualTo(200);
        assertThat(center.get("/api/v2/presence/prom-1").statusCode()).isEqualTo(200);
        assertThat(center.get("/api/v2/presence/prom-nobody").statusCode()).isEqualTo(404);
        assertThat(center.get("/api/v2/presence?users=prom-1").statusCode()).isEqualTo(200);
        assertThat(center.post("/api/v2/presence/batch", "{\"userIds\":[\"prom-1\"]}").statusCode()).isEqualTo(200);
        try (SseClient stream = SseClient.open(HttpClient.newHttpClient(),
                center.uri("/api/v2/presence/stream?users=prom-1"))) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scrape(center)).contains(
                    "presence_stream_subscribers 1",
                    "presence_http_request_duration_seconds_count{method=\"GET\",route=\"stream\",status=\"2xx\"} 1"));
        }

        String body = scrape(center);

        for (String series : List.of("{method=\"PUT\",route=\"user\",status=\"2xx\"}",
                "{method=\"GET\",route=\"user\",status=\"2xx\"}", "{method=\"GET\",route=\"user\",status=\"4xx\"}",
                "{method=\"GET\",route=\"list\",status=\"2xx\"}", "{method=\"POST\",route=\"batch\",status=\"2xx\"}")) {
            assertThat(value(body, "presence_http_request_duration_seconds_count" + series)).as(series)
                    .isGreaterThanOrEqualTo(1);
        }
        assertThat(body).contains(
                "presence_http_request_duration_seconds_bucket{method=\"GET\",route=\"user\",status=\"2xx\",le=\"0.01\"}",
                "presence_cache_misses_total ", "presence_cache_evictions_total 0",
                "presence_cache_entries ", "presence_cache_hit_ratio ",
                "presence_kv_get_duration_seconds{quantile=\"0.99\"}", "presence_kv_watch_lag_revisions ",
                "presence_stream_link_up{link=\"quorum\"} 1", "presence_rate_limited_requests_total 0",
                "presence_stream_events_total ", "presence_stream_dropped_total 0",
                "presence_reaper_transitions_total ", "presence_nats_server_restarts_total 0",
                "presence_kv_compaction_moved_total 0",
                "jvm_memory_used_bytes{area=\"heap\"}", "jvm_threads_current ", "process_cpu_seconds_total ");
        assertThat(body).doesNotContain("org_eclipse_jetty", "io_dropwizard", "ch_qos_logback");
        assertThat(value(body, "presence_cache_hits_total")).isGreaterThanOrEqualTo(2);
        assertThat(value(body, "presence_kv_put_duration_seconds_count")).isGreaterThanOrEqualTo(1);
        // The help text names what kind of metric it is, the same on every node and after every restart.
        assertThat(body.lines().filter(line -> line.startsWith("# HELP presence_")))
                .isNotEmpty().noneMatch(line -> line.contains("$$Lambda"));
        assertThat(promtool(body, "check", "metrics")).isEmpty();
    }

    /** Backups, sessions and sign-outs are counted under routes of their own, not as one user's reads and writes. */
    @Test
    void backupsSessionsAndSignOutsHaveRoutesOfTheirOwn() {
        String admin = "Bearer " + TestNode.token("prom-admin", "presence:admin");
        assertThat(center.put("prom-routes", "{\"status\":\"online\"}").statusCode()).isEqualTo(200);
        assertThat(center.get("/api/v2/presence/export", "Authorization", admin).statusCode()).isEqualTo(200);
        assertThat(center.send(HttpRequest.newBuilder(center.uri("/api/v2/presence/import"))
                .header("Authorization", admin).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(""))).statusCode()).isEqualTo(400);
        assertThat(center.get("/api/v2/presence/prom-routes/sessions", "Authorization", admin).statusCode())
                .isEqualTo(200);
        assertThat(center.send(HttpRequest.newBuilder(center.uri("/api/v2/presence/prom-routes"))
                .header("Authorization", admin).DELETE()).statusCode()).isEqualTo(200);

        String body = scrape(center);

        for (String series : List.of("{method=\"GET\",route=\"export\",status=\"2xx\"}",
                "{method=\"POST\",route=\"import\",status=\"4xx\"}", "{method=\"GET\",route=\"sessions\",status=\"2xx\"}",
                "{method=\"DELETE\",route=\"user\",status=\"2xx\"}")) {
            assertThat(value(body, "presence_http_request_duration_seconds_count" + series)).as(series)
                    .isGreaterThanOrEqualTo(1);
        }
        assertThat(body).doesNotContain("route=\"user\",status=\"5xx\"");
    }

    @Test
    void aLeafExposesItsHubLinkAndHowFarItsMirrorAndWatchAreBehind() throws Exception {
        assertThat(center.put("prom-leaf", "{\"status\":\"away\"}").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> leaf.get("/api/v2/presence/prom-leaf").statusCode() == 200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String body = scrape(leaf);
            assertThat(body).contains("presence_stream_link_up{link=\"hub\"} 1",
                    "presence_kv_mirror_lag_revisions 0", "presence_kv_watch_lag_revisions 0");
        });
        String body = scrape(leaf);
        assertThat(body).doesNotContain("presence_reaper_transitions_total", "presence_kv_compaction_moved_total",
                "link=\"quorum\"", "$$Lambda");
        assertThat(promtool(body, "check", "metrics")).isEmpty();
    }

    @Test
    void theAlertRulesAreValidAndTheyAndTheDashboardUseOnlyMetricsTheNodesExpose() throws Exception {
        Path alerts = MONITORING.resolve("alerts.yml");
        assertThat(promtool(null, "check", "rules", alerts.toString())).contains("SUCCESS");

        JsonNode dashboard = TestNode.JSON.readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
        List<String> expressions = new ArrayList<>(dashboard.findValuesAsText("expr"));
        assertThat(expressions).isNotEmpty();
        expressions.add(Files.readString(alerts));

        assertThat(center.put("prom-names", "{\"status\":\"online\"}").statusCode()).isEqualTo(200);
        Set<String> exposed = new HashSet<>(names(scrape(center)));
        exposed.addAll(names(scrape(leaf)));
        Set<String> used = expressions.stream().flatMap(expr -> PROMQL_NAME.matcher(expr).results())
                .map(match -> match.group(1)).collect(Collectors.toSet());
        assertThat(used).contains("presence_http_request_duration_seconds_bucket", "presence_stream_link_up",
                "presence_kv_watch_lag_revisions");
        assertThat(exposed).containsAll(used);
    }

    /** Dropwizard's task reads a level Logback lacks as DEBUG, and a root logger without one is a 500 inside it. */
    @Test
    void theLogLevelTaskTakesOnlyLevelsLogbackHas() throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.presence.probe");
        HttpResponse<String> set = postToAdmin("/tasks/log-level?logger=io.presence.probe&level=warn");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(logger.getLevel()).hasToString("WARN");

        for (String query : new String[] {"logger=io.presence.probe&level=DEBG", "logger=io.presence.probe&level=false",
                "logger=io.presence.probe&level=WARN&level=LOUD", "logger=ROOT", "level=INFO", "logger=&level=INFO",
                "logger=io.presence.probe&level=INFO&duration=bogus"}) {
            HttpResponse<String> refused = postToAdmin("/tasks/log-level?" + query);
            assertThat(refused.statusCode()).as(query).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(TestNode.JSON.readValue(refused.body(), ErrorResponse.class).message()).as(query)
                    .containsAnyOf("is not one Logback has", "the root logger needs a level", "name the logger",
                            "is not an ISO-8601 duration");
        }
        assertThat(logger.getLevel()).as("unchanged").hasToString("WARN");

        HttpResponse<String> inherit = postToAdmin("/tasks/log-level?logger=io.presence.probe");
        assertThat(inherit.statusCode()).as(inherit.body()).isEqualTo(200);
        assertThat(logger.getLevel()).as("back to its parent's").isNull();
    }

    private static HttpResponse<String> postToAdmin(String pathAndQuery) {
        return center.send(HttpRequest.newBuilder(center.adminUri(pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static String scrape(TestNode node) {
        HttpResponse<String> response = node.send(HttpRequest.newBuilder(node.adminUri("/prometheus")).GET());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain"));
        return response.body();
    }

    /** The sample names in an exposition (what a query can select), and the family names of histograms and summaries. */
    private static Set<String> names(String exposition) {
        return exposition.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0])
                .flatMap(name -> Stream.of(name, name.replaceFirst("_(bucket|count|sum)$", "")))
                .collect(Collectors.toSet());
    }

    private static double value(String exposition, String sample) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(exposition);
        assertThat(matcher.find()).as(sample).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    /** Runs promtool (the Debian package {@code prometheus}; scripts/test.sh installs it) and returns what it printed. */
    private static String promtool(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("promtool %s: %s", String.join(" ", args), output).isZero();
        return output;
    }
}
