package io.presence.service.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.Application;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.DropwizardTestSupport;
import io.presence.service.PresenceApplication;
import io.presence.service.PresenceConfiguration;
import io.presence.service.auth.TokenIssuer;
import io.presence.service.nats.ClientToken;
import io.jsonwebtoken.security.Keys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A real center node for integration tests: the application in-process on OS-chosen HTTP ports, with
 * its embedded nats-server on free ports and its own data directory.
 */
public final class TestNode implements AutoCloseable {

    public static final String SECRET = "integration-test-secret-0123456789abcdef";
    public static final ObjectMapper JSON = Jackson.newObjectMapper();
    /** The config's logging section, as forked nodes use it (and tests may replace it). */
    private static final String LOGGING = "logging:\n  level: WARN\n";

    private final Path dir;
    private final Path configFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private DropwizardTestSupport<PresenceConfiguration> support;

    /**
     * A node in {@code dir} whose YAML is the defaults below plus {@code extraPresenceYaml} under
     * {@code presence:}; HTTP ports 0 let the OS choose.
     */
    public TestNode(Path dir, String extraPresenceYaml, int appPort, int adminPort) {
        this(dir, extraPresenceYaml, "", appPort, adminPort);
    }

    /** As above, plus {@code extraYaml} appended at the top level (e.g. a {@code stream:} section). */
    public TestNode(Path dir, String extraPresenceYaml, String extraYaml, int appPort, int adminPort) {
        this(dir, "id: test-center", embeddedNats(dir, ""), extraPresenceYaml, extraYaml, appPort, adminPort);
    }

    /**
     * The leafnode credentials of every test node that names none: a center takes leaves only when it asks them for
     * credentials (or a certificate), and a leaf presents these.
     */
    static final String LEAFNODE_CREDENTIALS = "leafnodeUser: test-leaf\nleafnodePassword: test-leaf-link-password\n";

    private static String embeddedNats(Path dir, String extra) {
        return """
                dataDir: %s
                clientPort: %d
                monitorPort: %d
                leafnodePort: %d
                %s%s""".formatted(dir.resolve("nats-data"), FreePorts.next(), FreePorts.next(), FreePorts.next(),
                extra.contains("leafnodeUser") ? "" : LEAFNODE_CREDENTIALS, extra);
    }

    private TestNode(Path dir, String nodeYaml, String natsYaml, String extraPresenceYaml, String extraYaml,
                     int appPort, int adminPort) {
        this.dir = dir;
        this.configFile = dir.resolve("node.yml");
        String yaml = """
                node:
                %s
                nats:
                %s
                presence:
                  minTtl: 1s
                  expiryCheckInterval: 50ms
                %s
                auth:
                  jwtSecret: %s
                server:
                  applicationConnectors:
                    - type: http
                      port: %d
                      maxRequestHeaderSize: 64KiB
                  adminConnectors:
                    - type: http
                      port: %d
                  # A line per request and per INFO event buried a test run in ~26k lines: warnings only.
                  requestLog:
                    appenders: []
                logging:
                  level: WARN
                %s
                """.formatted(nodeYaml.indent(2).stripTrailing(), natsYaml.indent(2).stripTrailing(),
                extraPresenceYaml.indent(2).stripTrailing(), SECRET, appPort, adminPort, extraYaml);
        try {
            Files.createDirectories(dir);
            Files.writeString(configFile, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A leaf node {@code id} whose embedded nats-server joins the hub at {@code hubLeafnodeUrl}. */
    public static TestNode leaf(Path dir, String id, String hubLeafnodeUrl, int appPort) {
        return leaf(dir, id, hubLeafnodeUrl, appPort, "");
    }

    /** A leaf with more {@code nats:} settings, e.g. leafnode credentials. */
    public static TestNode leaf(Path dir, String id, String hubLeafnodeUrl, int appPort, String extraNatsYaml) {
        return leaf(dir, id, List.of(hubLeafnodeUrl), appPort, extraNatsYaml);
    }

    /** A leaf linked to any of several centers (a replicated hub). */
    public static TestNode leaf(Path dir, String id, List<String> hubLeafnodeUrls, int appPort, String extraNatsYaml) {
        String urls = String.join(", ", hubLeafnodeUrls.stream().map(url -> "\"" + url + "\"").toList());
        return new TestNode(dir, "type: leaf\nid: " + id,
                embeddedNats(dir, "hubUrls: [" + urls + "]\n" + extraNatsYaml), "", "rateLimit:\n  enabled: false\n",
                appPort, 0);
    }

    /**
     * One center of a replicated hub ({@code kv.replicas: 3}, rate limits off for write load) on fixed
     * ports, so that it can be killed and restarted in place; {@code clusterYaml} is its
     * {@code nats.cluster} section.
     */
    public static TestNode clusterCenter(Path dir, String id, int appPort, int adminPort, String clusterYaml) {
        return new TestNode(dir, "id: " + id, embeddedNats(dir, "cluster:\n" + clusterYaml.indent(2)), "",
                "kv:\n  replicas: 3\nrateLimit:\n  enabled: false\n", appPort, adminPort);
    }

    /** A center with more {@code nats:} settings, e.g. leafnode credentials. */
    public static TestNode center(Path dir, String extraNatsYaml) {
        return new TestNode(dir, "id: test-center", embeddedNats(dir, extraNatsYaml), "", "", 0, 0);
    }

    /** A center whose HTTP and leafnode ports are fixed, so that it can be restarted in place. */
    public static TestNode center(Path dir, int appPort) {
        return new TestNode(dir, "", appPort, 0);
    }

    /** The URL leaves use to join this center (read from its config, so it works before start). */
    public String leafnodeUrl() {
        return "nats-leaf://127.0.0.1:" + configuredPort("leafnodePort");
    }

    /** The monitoring URL of this node's embedded nats-server (read from its config), e.g. for {@code /connz}. */
    public String natsMonitorUrl() {
        return "http://127.0.0.1:" + configuredPort("monitorPort");
    }

    /**
     * The client URL of this node's embedded nats-server (read from its config), with the user and token its client
     * port asks for once the node has started.
     */
    public String natsUrl() {
        Path token = dataDir().resolve(ClientToken.FILE_NAME);
        try {
            String userInfo = Files.exists(token) ? ClientToken.USER + ":" + Files.readString(token).trim() + "@" : "";
            return "nats://" + userInfo + "127.0.0.1:" + configuredPort("clientPort");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String configuredPort(String key) {
        try {
            String yaml = Files.readString(configFile);
            java.util.regex.Matcher port = java.util.regex.Pattern.compile(key + ": (\\d+)").matcher(yaml);
            if (!port.find()) {
                throw new IllegalStateException("no " + key + " in " + configFile);
            }
            return port.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A node that uses an existing NATS server at {@code natsUrl} instead of starting its own. */
    public static TestNode withExternalNats(Path dir, String natsUrl) {
        return new TestNode(dir, "id: test-center", "embedded: false\nurls: [\"" + natsUrl + "\"]\n", "", "", 0,
                0);
    }

    /** A center on an existing NATS cluster at {@code natsUrls} holding the bucket on three replicas. */
    public static TestNode withExternalCluster(Path dir, String id, List<String> natsUrls) {
        String urls = String.join(", ", natsUrls.stream().map(url -> "\"" + url + "\"").toList());
        return new TestNode(dir, "id: " + id, "embedded: false\nurls: [" + urls + "]\n", "",
                "kv:\n  replicas: 3\nrateLimit:\n  enabled: false\n", 0, 0);
    }

    public TestNode(Path dir) {
        this(dir, "", 0, 0);
    }

    /** Replaces the {@code auth:} section (by default only {@link #SECRET}) before {@link #start()}. */
    public TestNode withAuth(String authYaml) {
        return rewrite("auth:\n  jwtSecret: " + SECRET + "\n", "auth:\n" + authYaml.indent(2));
    }

    /** Replaces the {@code server:} section (plain HTTP on the given ports by default) before {@link #start()}. */
    public TestNode withServer(String serverYaml) {
        try {
            String yaml = Files.readString(configFile);
            int start = yaml.indexOf("server:\n");
            int end = yaml.indexOf("logging:\n", start);
            Files.writeString(configFile, yaml.substring(0, start) + "server:\n" + serverYaml.indent(2)
                    + yaml.substring(end));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestNode rewrite(String from, String to) {
        try {
            String yaml = Files.readString(configFile);
            if (!yaml.contains(from)) {
                throw new IllegalStateException("no " + from.strip() + " in " + configFile);
            }
            Files.writeString(configFile, yaml.replace(from, to));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path configFile() {
        return configFile;
    }

    public Path dataDir() {
        return dir.resolve("nats-data");
    }

    /**
     * Starts the node in this JVM. Its log goes where {@link NodeLogs} sends this JVM's (the test's capture), not
     * where its config says: every in-process node shares the one logback, which Dropwizard would otherwise reset
     * at each start and stop. A forked node, from the same config, logs as configured.
     */
    public TestNode start() {
        support = new DropwizardTestSupport<>(PresenceApplication.class, inProcessConfig().toString()) {
            @Override
            public Application<PresenceConfiguration> newApplication() {
                return new PresenceApplication() {
                    @Override
                    protected void bootstrapLogging() {
                        // NodeLogs routes the log; Dropwizard's bootstrap would put a console appender back.
                    }
                };
            }
        };
        try {
            support.before();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            NodeLogs.install();
        }
        ContractValidator.apiServed(this, support.getLocalPort());
        return this;
    }

    /** The config with {@code logging: type: external}, unless a test configured logging its own way. */
    private Path inProcessConfig() {
        try {
            String yaml = Files.readString(configFile);
            Path inProcess = configFile.resolveSibling("in-process-node.yml");
            Files.writeString(inProcess, yaml.replace(LOGGING, "logging:\n  type: external\n"));
            return inProcess;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void stop() {
        if (support != null) {
            ContractValidator.apiStopped(this);
            support.after();
            support = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public PresenceConfiguration configuration() {
        return support.getConfiguration();
    }

    public DropwizardTestSupport<PresenceConfiguration> support() {
        return support;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + support.getLocalPort() + path);
    }

    public URI adminUri(String path) {
        return URI.create("http://127.0.0.1:" + support.getAdminPort() + path);
    }

    public static String token(String subject, String... scopes) {
        return new TokenIssuer(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8)), null, null,
                Clock.systemUTC()).issue(subject, List.of(scopes), Duration.ofMinutes(10));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        return send(http, request);
    }

    /** Sends with {@code http} (to any node: a forked one, a cluster's) and checks the answer against the contract. */
    public static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) {
        try {
            return ContractValidator.check(http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /** PUT with a token for {@code userId} itself. */
    public HttpResponse<String> put(String userId, String json) {
        return put(userId, json, token(userId));
    }

    public HttpResponse<String> put(String userId, String json, String token, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v2/presence/" + userId))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        // Given headers replace the defaults above (a second Content-Type would be refused as such).
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    public HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public static <T> T read(HttpResponse<String> response, Class<T> type) {
        try {
            return JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("not a " + type.getSimpleName() + ": " + response.body(), e);
        }
    }
}
