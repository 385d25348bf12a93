package io.presence.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
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
        if (timeout.isNegative() || timeout.isZero()) {
            throw usage("--timeout must be positive (was " + timeout.toMillis() + "ms)");
        }
        String base = base();
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        JsonNode checks = fetch(http, base + "/healthcheck");
        JsonNode gauges = fetch(http, base + "/metrics").path("gauges");
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

    /** java.net.http's exceptions mostly have no message: say what went wrong and which option to change. */
    private String failure(IOException e, URI uri) {
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toMillis() + "ms; raise --timeout or check --admin-url";
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException) {
                return "unknown host " + uri.getHost() + "; check --admin-url";
            }
        }
        if (e instanceof ConnectException) {
            return "cannot connect; check that --admin-url (env PRESENCE_ADMIN_URL) is the node's admin port";
        }
        return e + "; check --admin-url";
    }

    private static String ratio(JsonNode value) {
        return value.isNumber() ? String.format(java.util.Locale.ROOT, "%.3f", value.asDouble()) : value.asText();
    }

    /** @return {@code --admin-url} without trailing slashes, checked to be an http(s) URL */
    private String base() {
        String base = adminUrl.replaceAll("/+$", "");
        try {
            URI uri = new URI(base);
            if (uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                return base;
            }
        } catch (URISyntaxException e) {
            // the message below says what is expected
        }
        // name what the user set: the option, or the variable it defaulted to
        String source = spec.commandLine().getParseResult().hasMatchedOption("--admin-url") ? "--admin-url"
                : "PRESENCE_ADMIN_URL";
        throw usage(source + " '" + adminUrl + "' is not an http(s) URL (e.g. http://localhost:8081, the node's "
                + "admin port)");
    }

    private JsonNode fetch(HttpClient http, String url) throws IOException, InterruptedException {
        URI uri = URI.create(url);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("GET " + uri + " failed: " + failure(e, uri), e);
        }
        // /healthcheck answers 500 when a check fails, with the same body
        if (response.statusCode() != 200 && response.statusCode() != 500) {
            // a 404 is the usual sign of the API port given for the admin port (8080 for 8081)
            throw new IOException("GET " + uri + " answered HTTP " + response.statusCode()
                    + (response.statusCode() == 404 ? "; check that --admin-url (env PRESENCE_ADMIN_URL) is the "
                    + "node's admin port, not its API port" : ""));
        }
        try {
            return CliJson.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IOException("GET " + uri + " answered malformed JSON: " + e.getMessage(), e);
        }
    }
}
