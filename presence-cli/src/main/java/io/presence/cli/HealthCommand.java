package io.presence.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code presence health --admin-url URL}: a node's health checks and cache gauges. */
@Command(name = "health", description = {"Show a node's health checks and cache gauges.",
        "From the admin port's /healthcheck (nats, kv, hub-link on leaves, ...) and /metrics."},
        footer = {"", "Examples:",
                "  presence health --admin-url http://presence-1:8081",
                "  presence health -o json | jq .healthy",
                "", "Exit codes: 0 healthy, 5 unhealthy or unreachable."})
final class HealthCommand extends BaseCommand {

    @Option(names = "--admin-url", paramLabel = "URL",
            defaultValue = "${env:PRESENCE_ADMIN_URL:-http://localhost:8081}",
            description = "The node's admin base URL (env PRESENCE_ADMIN_URL, default ${DEFAULT-VALUE}).")
    String adminUrl;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
            converter = Converters.DurationConverter.class,
            description = "Per request (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    OutputOptions output;

    @Override
    int execute() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        JsonNode checks = fetch(http, "/healthcheck");
        JsonNode gauges = fetch(http, "/metrics").path("gauges");
        JsonNode cacheSize = gauges.path("cache.size").path("value");
        JsonNode hitRatio = gauges.path("cache.hitRatio").path("value");

        List<String> unhealthy = new ArrayList<>();
        ObjectNode report = CliJson.MAPPER.createObjectNode();
        ObjectNode checkReport = CliJson.MAPPER.createObjectNode();
        Table table = new Table("CHECK", "STATUS", "MESSAGE");
        for (Iterator<Map.Entry<String, JsonNode>> it = checks.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> check = it.next();
            boolean healthy = check.getValue().path("healthy").asBoolean(false);
            String message = check.getValue().path("message").asText(null);
            if (!healthy) {
                unhealthy.add(check.getKey());
            }
            ObjectNode entry = checkReport.putObject(check.getKey()).put("healthy", healthy);
            if (message != null) {
                entry.put("message", message);
            }
            table.row(check.getKey(), healthy ? "healthy" : "unhealthy", message);
        }
        report.put("healthy", unhealthy.isEmpty());
        report.set("checks", checkReport);
        ObjectNode cache = report.putObject("cache");
        cache.set("size", cacheSize.isMissingNode() ? null : cacheSize);
        cache.set("hitRatio", hitRatio.isMissingNode() ? null : hitRatio);

        if (output.json()) {
            out().println(CliJson.pretty(report));
        } else {
            table.print(out());
            out().println();
            new Table("GAUGE", "VALUE")
                    .row("cache.size", cacheSize.isMissingNode() ? "-" : cacheSize.asText())
                    .row("cache.hitRatio", hitRatio.isMissingNode() ? "-" : ratio(hitRatio))
                    .print(out());
        }
        if (!unhealthy.isEmpty()) {
            err().println("presence: node is unhealthy: " + String.join(", ", unhealthy));
            return ExitCode.UNAVAILABLE;
        }
        return ExitCode.OK;
    }

    private static String ratio(JsonNode value) {
        return value.isNumber() ? String.format(java.util.Locale.ROOT, "%.3f", value.asDouble()) : value.asText();
    }

    private JsonNode fetch(HttpClient http, String path) throws IOException, InterruptedException {
        URI uri = URI.create(adminUrl.replaceAll("/+$", "") + path);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        // /healthcheck answers 500 when a check fails, with the same body
        if (response.statusCode() != 200 && response.statusCode() != 500) {
            throw new IOException("GET " + uri + " answered HTTP " + response.statusCode());
        }
        try {
            return CliJson.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IOException("GET " + uri + " answered malformed JSON: " + e.getMessage(), e);
        }
    }
}
