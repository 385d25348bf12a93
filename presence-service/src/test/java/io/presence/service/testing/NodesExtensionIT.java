package io.presence.service.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.presence.service.nats.NatsServerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A test that fails prints the logs of the nodes it used, in-process and forked, and a test that passes prints
 * nothing: checked by running fixture classes, which fail on purpose, through the Jupiter engine.
 */
class NodesExtensionIT {

    /** What each node logs at start: a warning, the level the nodes log at. */
    private static final String WARNING = "ignoring unreadable PID file";

    @Test
    void aFailingTestPrintsWhatItsNodesLoggedInThisJvmAndForked() {
        String printed = run(FailsWithTwoNodes.class, 1);

        assertThat(printed).startsWith("==== logs of the nodes of FailsWithTwoNodes fails()")
                .contains("which failed: java.lang.AssertionError: deliberately")
                .contains("---- this JVM: in-process nodes and the test (WARN and above)\n")
                .contains("---- forked node forked/" + ForkedNode.LOG_FILE + "\n")
                .endsWith("==== end of the logs of the nodes of FailsWithTwoNodes fails()\n");
        String inThisJvm = printed.substring(0, printed.indexOf("---- forked node"));
        String forked = printed.substring(printed.indexOf("---- forked node"));
        assertThat(inThisJvm).contains(WARNING).contains("/in-process/nats-data/").doesNotContain("/forked/nats-data/");
        assertThat(forked).contains(WARNING).contains("/forked/nats-data/").doesNotContain("/in-process/nats-data/");
    }

    @Test
    void aTestOfAClassWithItsOwnNodePrintsWhatTheNodeLoggedDuringThatTestOnly() {
        String printed = run(FailsWithTheClassNode.class, 1);

        assertThat(printed).contains("FailsWithTheClassNode fails()", "during the failing test")
                .doesNotContain("passes()", "during the passing test")
                .as("logged at the class's start, before the test").doesNotContain(WARNING);
    }

    @Test
    void aPassingTestPrintsNothing() {
        assertThat(run(PassesWithANode.class, 0)).isEmpty();
    }

    /** Runs {@code fixture}, expecting {@code failures} failed tests; what its extension printed. */
    private static String run(Class<?> fixture, int failures) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Fixtures.report = new PrintStream(printed, true, StandardCharsets.UTF_8);
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter(Fixtures.RUN, "true")
                .selectors(selectClass(fixture))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.failed(failures));
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** A node's data dir whose PID file is garbage: the node warns about it when it starts. */
    private static void unreadablePidFile(Path nodeDir) throws IOException {
        Path dataDir = Files.createDirectories(nodeDir.resolve("nats-data"));
        Files.writeString(dataDir.resolve(NatsServerSettings.PID_FILE_NAME), "not a pid\n");
    }

    /** Enables the fixtures only when {@link #run} runs them: they fail on purpose. */
    static final class Fixtures implements ExecutionCondition {
        static final String RUN = "presence.nodesExtensionFixtures";
        static PrintStream report;

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(RUN).isPresent()
                    ? ConditionEvaluationResult.enabled("run by NodesExtensionIT")
                    : ConditionEvaluationResult.disabled("a fixture of NodesExtensionIT, which runs it");
        }
    }

    @ExtendWith(Fixtures.class)
    static class FailsWithTwoNodes {
        @RegisterExtension
        final NodesExtension nodes = new NodesExtension(Fixtures.report);

        @Test
        void fails() throws IOException {
            unreadablePidFile(nodes.dir("in-process"));
            nodes.center().in("in-process").start();
            unreadablePidFile(nodes.dir("forked"));
            nodes.center().in("forked").fork();

            throw new AssertionError("deliberately");
        }
    }

    @ExtendWith(Fixtures.class)
    static class FailsWithTheClassNode {
        @RegisterExtension
        static final NodesExtension nodes = new NodesExtension(Fixtures.report);

        @BeforeAll
        static void startNode() throws IOException {
            unreadablePidFile(nodes.dir("center"));
            nodes.center().start();
        }

        @Test
        void passes() {
            org.slf4j.LoggerFactory.getLogger(FailsWithTheClassNode.class).warn("during the passing test");
        }

        @Test
        void fails() {
            org.slf4j.LoggerFactory.getLogger(FailsWithTheClassNode.class).warn("during the failing test");

            throw new AssertionError("deliberately");
        }
    }

    @ExtendWith(Fixtures.class)
    static class PassesWithANode {
        @RegisterExtension
        final NodesExtension nodes = new NodesExtension(Fixtures.report);

        @Test
        void passes() throws IOException {
            unreadablePidFile(nodes.dir("center"));
            nodes.center().start();
        }
    }
}
