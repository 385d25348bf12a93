package io.presence.service.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Three centers, each in its own JVM with its own nats-server child, joined by NATS routes into one
 * JetStream cluster holding the bucket with three replicas: the replicated hub as a user runs it.
 *
 * <p>With {@code proxiedRoutes}, every route runs through its own {@link TcpProxy}, one per ordered
 * pair of centers, so a test can cut one center off from the others. Servers gossip the route
 * address of each new peer and the others dial it directly; each center therefore advertises an
 * address where nothing listens, so the only routes are the configured ones, through the proxies.
 */
public final class TestCluster implements AutoCloseable {

    public static final int SIZE = 3;
    /** A route address where nothing listens (port 1 on loopback): gossiped routes go nowhere. */
    private static final String NOWHERE = "127.0.0.1:1";

    private final List<Center> centers = new ArrayList<>();
    /** routeProxies[i][j]: center i's route to center j, or null. */
    private final TcpProxy[][] routeProxies = new TcpProxy[SIZE][SIZE];
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A center: its config and its JVM. */
    public record Center(String id, TestNode config, ForkedNode node, int adminPort) {
        public URI uri(String path) {
            return node.uri(path);
        }
    }

    private TestCluster() {
    }

    /** Starts the three centers together (each waits for the others to place the bucket's replicas). */
    public static TestCluster start(Path dir, boolean proxiedRoutes) throws IOException, InterruptedException {
        TestCluster cluster = new TestCluster();
        try {
            cluster.configure(dir, proxiedRoutes);
            for (Center c : cluster.centers) {
                c.node().launch();
            }
            cluster.centers.forEach(c -> c.node().awaitReady());
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void configure(Path dir, boolean proxiedRoutes) throws IOException {
        int[] routePorts = IntStream.range(0, SIZE).map(i -> FreePorts.next()).toArray();
        for (int i = 0; i < SIZE; i++) {
            List<String> routes = new ArrayList<>();
            for (int j = 0; j < SIZE; j++) {
                if (!proxiedRoutes) {
                    routes.add("nats-route://127.0.0.1:" + routePorts[j]);
                } else if (i != j) {
                    routeProxies[i][j] = TcpProxy.start("127.0.0.1", routePorts[j]);
                    routes.add("nats-route://127.0.0.1:" + routeProxies[i][j].port());
                }
            }
            String id = "c" + (i + 1);
            String clusterYaml = "host: 127.0.0.1\nport: " + routePorts[i] + "\nroutes: ["
                    + String.join(", ", routes) + "]\n" + (proxiedRoutes ? "advertise: \"" + NOWHERE + "\"\n" : "");
            int appPort = FreePorts.next();
            int adminPort = FreePorts.next();
            TestNode config = TestNode.clusterCenter(dir.resolve(id), id, appPort, adminPort, clusterYaml);
            centers.add(new Center(id, config, new ForkedNode(config, appPort), adminPort));
        }
    }

    public List<Center> centers() {
        return centers;
    }

    public Center center(String id) {
        return centers.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    /** Every center's leafnode URL, as a leaf lists them in {@code nats.hubUrls}. */
    public List<String> leafnodeUrls() {
        return centers.stream().map(c -> c.config().leafnodeUrl()).toList();
    }

    /** A live center's {@code /healthcheck}, whatever its status code. */
    public Optional<JsonNode> health(Center c) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + c.adminPort() + "/healthcheck")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return Optional.of(TestNode.JSON.readTree(response.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The center whose server leads the bucket's stream, as the live centers' cluster health checks say. */
    public Center streamLeader() {
        String[] leader = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (Center c : centers) {
                if (c.node().isAlive()) {
                    Optional<String> named = health(c).map(h -> h.path("cluster").path("streamLeader").asText(""))
                            .filter(name -> !name.isEmpty() && !"null".equals(name));
                    if (named.isPresent()) {
                        leader[0] = named.get();
                        return true;
                    }
                }
            }
            return false;
        });
        return center(leader[0]);
    }

    /** Cuts every route of {@code c} (it was started with proxied routes). */
    public void isolate(Center c) {
        forEachRouteOf(c, TcpProxy::cut);
    }

    /** Restores the routes {@link #isolate} cut. */
    public void heal(Center c) {
        forEachRouteOf(c, TcpProxy::restore);
    }

    private void forEachRouteOf(Center c, java.util.function.Consumer<TcpProxy> action) {
        int k = centers.indexOf(c);
        for (int j = 0; j < SIZE; j++) {
            if (j != k) {
                action.accept(routeProxies[k][j]);
                action.accept(routeProxies[j][k]);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Center c : centers) {
            c.node().close();
        }
        for (TcpProxy[] row : routeProxies) {
            for (TcpProxy proxy : row) {
                if (proxy != null) {
                    proxy.close();
                }
            }
        }
    }

    /** Everything each center printed, for a failing test's message. */
    public String logs() {
        StringBuilder out = new StringBuilder();
        for (Center c : centers) {
            try {
                String log = c.node().log();
                out.append("==== ").append(c.id()).append('\n').append(log, Math.max(0, log.length() - 20_000), log.length());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.toString();
    }
}
