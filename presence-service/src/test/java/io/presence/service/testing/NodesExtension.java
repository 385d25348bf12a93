package io.presence.service.testing;

import io.presence.service.nats.NatsServerProcess;
import io.presence.service.nats.NatsServerSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the nodes an integration test declares, each in its own directory under a temporary one, and closes
 * them after it: centers and leaves in this JVM ({@link TestNode}) or in their own ({@link ForkedNode}),
 * replicated hubs ({@link TestCluster}), standalone nats-servers, and whatever else the test hands to
 * {@link #closeAfter}.
 *
 * <pre>{@code
 * @RegisterExtension
 * final NodesExtension nodes = new NodesExtension();
 *
 * TestNode center = nodes.center().start();
 * TestNode leaf = nodes.leaf("leaf-a", center.leafnodeUrl()).start();
 * ForkedNode killable = nodes.leaf("leaf-b", center.leafnodeUrl()).fork();
 * TestCluster hub = nodes.cluster();
 * }</pre>
 *
 * <p>On an instance field, everything lasts one test. On a static field, what {@code @BeforeAll} starts lasts
 * for the class and what a test starts still lasts for that test, so one test's kills and restarts never
 * reach the next. Closing runs in reverse order of starting, on failure too: a forked node loses its
 * nats-server before its JVM, a leaf closes before its hub, and a resource that fails to close does not
 * keep the others running.
 *
 * <p>The nodes' logs stay off the console: in-process nodes log (at WARN) into the test's capture
 * ({@link NodeLogs}), forked ones into their {@link ForkedNode#LOG_FILE}. When a test fails, after its nodes
 * closed, the extension prints what they logged during it ({@link NodeLogReport}) to standard error, where the
 * test runner shows it with the failure; a passing test prints nothing.
 */
public final class NodesExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback {

    /** Where a failed test's logs are printed. */
    private final PrintStream report;
    /** Lasts the class when registered on a static field; none on an instance field. */
    private Scope classScope;
    /** Lasts the current test, from before its {@code @BeforeEach} methods to after its {@code @AfterEach}. */
    private Scope testScope;

    public NodesExtension() {
        this(System.err);
    }

    /** Prints failed tests' logs to {@code report}: the extension's own test reads them there. */
    NodesExtension(PrintStream report) {
        this.report = report;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        classScope = new Scope(context.getRequiredTestClass().getSimpleName(), Map.of());
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        Map<Path, Long> classLogs = classScope == null ? Map.of() : NodeLogReport.forkedLogSizes(classScope.root);
        testScope = new Scope(context.getRequiredTestMethod().getName(), classLogs);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Scope ending = testScope;
        testScope = null;
        ending.close(context, classScope, report);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Scope ending = classScope;
        classScope = null;
        ending.close(context, null, report);
    }

    private Scope scope() {
        Scope scope = testScope != null ? testScope : classScope;
        if (scope == null) {
            throw new IllegalStateException("nodes start in a test, @BeforeEach or (on a static field) @BeforeAll");
        }
        return scope;
    }

    /** A directory of this test (or class) named {@code name}, created if need be. */
    public Path dir(String name) {
        try {
            return Files.createDirectories(scope().root().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes {@code resource} with the nodes, before those started earlier. */
    public <T extends AutoCloseable> T closeAfter(T resource) {
        scope().resources.add(resource);
        return resource;
    }

    /** A center ({@code test-center}) in directory {@code center}. */
    public Node center() {
        return new Node("center", TestNode::center);
    }

    /** A center with {@code extraPresenceYaml} under {@code presence:} and {@code extraYaml} at the top level. */
    public Node center(String extraPresenceYaml, String extraYaml) {
        return new Node("center", (dir, appPort) -> new TestNode(dir, extraPresenceYaml, extraYaml, appPort, 0));
    }

    /** A center with more {@code nats:} settings, e.g. leafnode credentials or TLS; in this JVM only. */
    public Node centerWithNats(String extraNatsYaml) {
        return new Node("center", inThisJvm(dir -> TestNode.center(dir, extraNatsYaml)));
    }

    /** A center on an existing NATS server at {@code natsUrl}; in this JVM only. */
    public Node centerOnExternalNats(String natsUrl) {
        return new Node("center", inThisJvm(dir -> TestNode.withExternalNats(dir, natsUrl)));
    }

    /**
     * Center {@code id} on an operator's NATS cluster at {@code natsUrls}, the bucket on three replicas; in this
     * JVM only.
     */
    public Node centerOnExternalCluster(String id, List<String> natsUrls) {
        return new Node(id, inThisJvm(dir -> TestNode.withExternalCluster(dir, id, natsUrls)));
    }

    /** Leaf {@code id}, in a directory of that name, linked to the hub at {@code hubLeafnodeUrl}. */
    public Node leaf(String id, String hubLeafnodeUrl) {
        return leaf(id, List.of(hubLeafnodeUrl), "");
    }

    /** A leaf with more {@code nats:} settings, e.g. leafnode credentials or TLS. */
    public Node leaf(String id, String hubLeafnodeUrl, String extraNatsYaml) {
        return leaf(id, List.of(hubLeafnodeUrl), extraNatsYaml);
    }

    /** A leaf linked to any of several centers (a replicated hub). */
    public Node leaf(String id, List<String> hubLeafnodeUrls) {
        return leaf(id, hubLeafnodeUrls, "");
    }

    private Node leaf(String id, List<String> hubLeafnodeUrls, String extraNatsYaml) {
        return new Node(id, (dir, appPort) -> TestNode.leaf(dir, id, hubLeafnodeUrls, appPort, extraNatsYaml));
    }

    /** Three forked centers joined by routes, the bucket on three replicas, started; in directory {@code cluster}. */
    public TestCluster cluster() throws IOException, InterruptedException {
        return closeAfter(TestCluster.start(dir("cluster"), false));
    }

    /** As {@link #cluster()}, every route through a proxy that the test can cut. */
    public TestCluster clusterWithProxiedRoutes() throws IOException, InterruptedException {
        return closeAfter(TestCluster.start(dir("cluster"), true));
    }

    /** A standalone nats-server, started (supervised, so that it is stopped with the rest). */
    public NatsServerProcess natsServer(NatsServerSettings settings) throws Exception {
        NatsServerProcess server = NatsServerProcess.builder().settings(settings).build();
        closeAfter(server::stop);
        server.start();
        return server;
    }

    /** How a kind of node is configured in its directory; {@code appPort} 0 lets the OS choose. */
    private interface Config {
        TestNode in(Path dir, int appPort);
    }

    /** For configs whose HTTP port the OS chooses: a forked node needs a known one to be reached. */
    private static Config inThisJvm(Function<Path, TestNode> config) {
        return (dir, appPort) -> {
            if (appPort != 0) {
                throw new IllegalStateException("this kind of node runs in the test's JVM only");
            }
            return config.apply(dir);
        };
    }

    /** A node to start, in this JVM or its own; its directory and server section can be changed first. */
    public final class Node {
        private final Config config;
        private String dirName;
        private String serverYaml;

        private Node(String dirName, Config config) {
            this.dirName = dirName;
            this.config = config;
        }

        /** Another directory than the default, e.g. for a second node of the same kind or id. */
        public Node in(String name) {
            dirName = name;
            return this;
        }

        /** Replaces the {@code server:} section ({@link TestNode#withServer}). */
        public Node server(String yaml) {
            serverYaml = yaml;
            return this;
        }

        /**
         * Replaces the {@code server:} section with one application connector on a free port, whose fields
         * ({@code type: h2c} and the rest, one per line) are given, beside the usual admin connector on loopback.
         */
        public Node applicationConnector(String fields) {
            StringBuilder yaml = new StringBuilder("applicationConnectors:\n  - port: 0\n");
            fields.strip().lines().forEach(line -> yaml.append("    ").append(line).append('\n'));
            return server(yaml + """
                    adminConnectors:
                      - type: http
                        bindHost: 127.0.0.1
                        port: 0
                    requestLog:
                      appenders: []
                    """);
        }

        /** Started in this JVM. */
        public TestNode start() {
            return closeAfter(configured(0)).start();
        }

        /** In its own JVM on a fixed HTTP port, not started: {@link ForkedNode#start()} or run it to its exit. */
        public ForkedNode forked() {
            int appPort = FreePorts.next();
            return closeAfter(new ForkedNode(configured(appPort), appPort));
        }

        /** Started in its own JVM, so that the test can kill it. */
        public ForkedNode fork() throws IOException {
            return forked().start();
        }

        private TestNode configured(int appPort) {
            TestNode node = config.in(dir(dirName), appPort);
            if (serverYaml != null) {
                node.withServer(serverYaml);
            }
            return node;
        }
    }

    /**
     * What a class or a test started, its directory, and what was logged meanwhile: from its start, the JVM's log
     * goes to this scope's capture; a test's ends with it and the class's resumes.
     */
    private static final class Scope {
        private final String name;
        private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();
        private final NodeLogs.Capture log = new NodeLogs.Capture();
        private final NodeLogs.Capture outerLog;
        /** Sizes of the class's forked logs when this test began: only what the test added is its. */
        private final Map<Path, Long> outerLogSizes;
        private Path root;

        Scope(String name, Map<Path, Long> outerLogSizes) {
            this.name = name;
            this.outerLogSizes = outerLogSizes;
            this.outerLog = NodeLogs.begin(log);
        }

        /** Created on first use: a class whose nodes all belong to its tests needs none of its own. */
        synchronized Path root() throws IOException {
            if (root == null) {
                root = Files.createTempDirectory("nodes-" + name + "-");
            }
            return root;
        }

        /**
         * Closes what was started, then, if the test (or class) failed or closing did, prints the logs of its nodes,
         * its shutdown included, to {@code report}; then deletes the directory.
         */
        void close(ExtensionContext context, Scope outer, PrintStream report) throws Exception {
            List<Exception> failures = new ArrayList<>();
            for (int i = resources.size() - 1; i >= 0; i--) {
                try {
                    resources.get(i).close();
                } catch (Exception e) {
                    failures.add(e);
                }
            }
            resources.clear();
            NodeLogs.end(outerLog);
            Throwable failure = context.getExecutionException().orElse(failures.isEmpty() ? null : failures.get(0));
            if (failure != null) {
                String title = context.getTestMethod().isPresent()
                        ? context.getRequiredTestClass().getSimpleName() + " " + context.getDisplayName()
                        : context.getDisplayName();
                report.print(NodeLogReport.of(title, failure.toString(), log.text(), forkedLogs(outer)));
                report.flush();
            }
            try {
                deleteRoot();
            } catch (IOException e) {
                failures.add(e);
            }
            if (!failures.isEmpty()) {
                Exception first = failures.get(0);
                failures.subList(1, failures.size()).forEach(first::addSuppressed);
                throw first;
            }
        }

        /** The forked logs of this scope's nodes, and what the class's forked nodes logged since this test began. */
        private List<NodeLogReport.ForkedLog> forkedLogs(Scope outer) throws IOException {
            List<NodeLogReport.ForkedLog> logs = new ArrayList<>();
            if (outer != null) {
                NodeLogReport.forkedLogSizes(outer.root).forEach((file, size) -> logs.add(new NodeLogReport.ForkedLog(
                        outer.root.relativize(file).toString(), file, outerLogSizes.getOrDefault(file, 0L))));
            }
            NodeLogReport.forkedLogSizes(root).forEach((file, size) ->
                    logs.add(new NodeLogReport.ForkedLog(root.relativize(file).toString(), file, 0)));
            return logs;
        }

        private synchronized void deleteRoot() throws IOException {
            if (root == null) {
                return;
            }
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
