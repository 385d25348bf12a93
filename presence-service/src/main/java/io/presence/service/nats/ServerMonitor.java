package io.presence.service.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * What the embedded nats-server's monitoring port says about its cluster: the JetStream meta group
 * (which server leads it, how many servers it has), how many routes are up, and whether this server has
 * caught up. The JetStream API does not tell these; the monitoring endpoints {@code /jsz}, {@code /routez}
 * and {@code /healthz} do.
 */
public final class ServerMonitor {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String monitorUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** @param monitorUrl the server's monitoring base URL, e.g. {@code http://127.0.0.1:8222} */
    public ServerMonitor(String monitorUrl) {
        this.monitorUrl = monitorUrl;
    }

    /** The meta group as this server sees it; leader null while there is none. */
    public record MetaGroup(String leader, int clusterSize, int routes) {
    }

    /** Empty when the server does not answer or is not clustered. */
    public Optional<MetaGroup> metaGroup() throws InterruptedException {
        Optional<JsonNode> jsz = get("/jsz");
        Optional<JsonNode> routez = get("/routez");
        if (jsz.isEmpty() || !jsz.get().has("meta_cluster")) {
            return Optional.empty();
        }
        JsonNode meta = jsz.get().path("meta_cluster");
        String leader = meta.path("leader").asText("");
        return Optional.of(new MetaGroup(leader.isEmpty() ? null : leader, meta.path("cluster_size").asInt(0),
                routez.map(r -> r.path("num_routes").asInt(0)).orElse(0)));
    }

    /**
     * What the server's own health check ({@code /healthz}) finds amiss with this server, empty when nothing. It
     * fails while this server's copy of the JetStream meta group, of a stream or of a consumer is not current
     * (catching up after a restart or a partition), which the stream leader may already count as a current
     * replica: its view is the replica's last index, not whether the replica could lead.
     */
    public Optional<String> notCaughtUp() throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(monitorUrl + "/healthz"))
                    .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return Optional.empty();
            }
            String error = JSON.readTree(response.body()).path("error").asText("");
            return Optional.of(error.isEmpty() ? "HTTP " + response.statusCode() : error);
        } catch (IOException e) {
            return Optional.of("its monitoring port did not answer");
        }
    }

    private Optional<JsonNode> get(String path) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(monitorUrl + path))
                    .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
