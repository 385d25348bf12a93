package io.presence.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
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

    /** The most of an answer read: a node's metrics are some 100 KB; anything past this is not a node. */
    static final int MAX_BODY_BYTES = 16 << 20;
    /** The fields of every Dropwizard health check result; any other field is a detail of that check. */
    private static final Set<String> CHECK_FIELDS = Set.of("healthy", "message", "duration", "timestamp", "error");

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
    int execute() throws IOException {
        Converters.timeoutProblem(timeout).ifPresent(problem -> {
            throw usage(problem);
        });
        HttpUrl base = base();
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(timeout).build();
        try {
            return report(fetch(http, base.resolve("healthcheck")), fetch(http, base.resolve("metrics")).path("gauges"));
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private int report(JsonNode checks, JsonNode gauges) {
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
            addDetails(check.getValue(), entry);
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
            err().println("presence: node is unhealthy: " + TerminalText.safe(String.join(", ", unhealthy)));
            return ExitCode.UNAVAILABLE;
        }
        return ExitCode.OK;
    }

    /** What a check reports beside its verdict, e.g. a replicated center's stream leader and replicas. */
    private static void addDetails(JsonNode check, ObjectNode entry) {
        ObjectNode details = CliJson.MAPPER.createObjectNode();
        check.fields().forEachRemaining(field -> {
            if (!CHECK_FIELDS.contains(field.getKey())) {
                details.set(field.getKey(), field.getValue());
            }
        });
        if (!details.isEmpty()) {
            entry.set("details", details);
        }
    }

    /** Says what went wrong and which option to change. */
    private String failure(IOException e, HttpUrl url) {
        if (e instanceof ConnectException) {
            return "cannot connect; check that --admin-url (env PRESENCE_ADMIN_URL) is the node's admin port";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + url.host() + "; check --admin-url";
        }
        if (e instanceof InterruptedIOException) {
            return "no answer within " + timeout.toMillis() + "ms; raise --timeout or check --admin-url";
        }
        return e + "; check --admin-url";
    }

    private static String ratio(JsonNode value) {
        return value.isNumber() ? String.format(java.util.Locale.ROOT, "%.3f", value.asDouble()) : value.asText();
    }

    /**
     * Parsed as the SDK parses {@code --url}: it takes a host name such as {@code presence_1}, which
     * {@code java.net.URI} refuses.
     *
     * @return {@code --admin-url} as a base to resolve paths against (ending in one slash)
     */
    private HttpUrl base() {
        // name what the user set: the option, or the variable it defaulted to
        String source = spec.commandLine().getParseResult().hasMatchedOption("--admin-url") ? "--admin-url"
                : "PRESENCE_ADMIN_URL";
        try {
            return BaseUrls.parse(adminUrl.strip().replaceAll("/+$", "") + "/", source, "").orElseThrow(() ->
                    usage(source + " '" + adminUrl + "' is not an http(s) URL (e.g. http://localhost:8081, the "
                            + "node's admin port)"));
        } catch (IllegalArgumentException credentials) {
            throw usage(credentials.getMessage());
        }
    }

    private JsonNode fetch(OkHttpClient http, HttpUrl url) throws IOException {
        int status;
        String body;
        String type;
        try (Response response = http.newCall(new Request.Builder().url(url).header("Accept", "application/json")
                .build()).execute()) {
            status = response.code();
            type = response.header("Content-Type", "none");
            BufferedSource source = response.body().source();
            body = source.request(MAX_BODY_BYTES + 1L) ? null : source.readUtf8();
        } catch (IOException e) {
            throw new IOException("GET " + url + " failed: " + failure(e, url), e);
        }
        if (body == null) {
            throw new IOException("GET " + url + " answered more than " + (MAX_BODY_BYTES >> 20) + " MiB; check that "
                    + "--admin-url (env PRESENCE_ADMIN_URL) is the node's admin port");
        }
        // /healthcheck answers 500 when a check fails, with the same body
        if (status != 200 && status != 500) {
            // a 404 is the usual sign of the API port given for the admin port (8080 for 8081)
            throw new IOException("GET " + url + " answered HTTP " + status + (status == 404
                    ? "; check that --admin-url (env PRESENCE_ADMIN_URL) is the node's admin port, not its API port"
                    : ""));
        }
        String notOurs = "GET " + url + " answered " + status + " with " + (body.isBlank() ? "an empty body"
                : "Content-Type " + type) + ", not the health checks' JSON; check that --admin-url (env"
                + " PRESENCE_ADMIN_URL) is the node's admin port";
        JsonNode answer;
        try {
            answer = CliJson.MAPPER.readTree(body);
        } catch (IOException e) {
            // Jackson's own words name a parser feature and a redacted source: the Content-Type says more.
            throw new IOException(notOurs, e);
        }
        // A node always reports some checks and metrics: an empty answer (a proxy's) must not read as "healthy".
        if (answer == null || !answer.isObject() || answer.isEmpty()) {
            throw new IOException(notOurs);
        }
        return answer;
    }
}
