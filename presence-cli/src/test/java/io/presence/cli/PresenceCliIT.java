package io.presence.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.presence.client.RealNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end against a real node. */
class PresenceCliIT {

    @TempDir
    static Path dir;
    private static RealNode node;
    private static String admin;

    @BeforeAll
    static void start() {
        node = new RealNode(dir);
        admin = RealNode.token("ops", "presence:admin");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static CliHarness cli() {
        return new CliHarness().clock(Clock.systemUTC());
    }

    @Test
    void setGetClearAndList() throws Exception {
        CliHarness set = cli();
        assertThat(set.run("set", "alice", "--status", "busy", "--message", "in a call", "--ttl", "5m",
                "--token", admin, "--url", node.baseUrl())).isZero();
        assertThat(set.out()).containsPattern("alice +busy +in a call +(just now|\\d+ s ago) +test-center");

        CliHarness get = cli();
        assertThat(get.run("get", "alice", "-o", "json", "--url", node.baseUrl())).isZero();
        JsonNode alice = get.json().get(0);
        assertThat(alice.get("status").asText()).isEqualTo("busy");
        assertThat(alice.get("message").asText()).isEqualTo("in a call");
        assertThat(alice.get("ttlSeconds").asLong()).isEqualTo(300);

        assertThat(cli().run("get", "nobody-here", "--url", node.baseUrl())).isEqualTo(ExitCode.NOT_FOUND);

        Path tokenFile = Files.writeString(dir.resolve("token"), admin);
        assertThat(cli().run("set", "bob", "-s", "away", "--token-file", tokenFile.toString(),
                "--url", node.baseUrl())).isZero();
        CliHarness list = cli().stdin("bob\nghost\nalice\n");
        assertThat(list.run("list", "-o", "json", "--url", node.baseUrl())).isZero();
        assertThat(list.json().get("presences")).extracting(p -> p.get("userId").asText())
                .containsExactly("bob", "alice");
        assertThat(list.json().get("notFound")).extracting(JsonNode::asText).containsExactly("ghost");

        CliHarness clear = cli();
        assertThat(clear.run("clear", "bob", "--token", admin, "-o", "json", "--url", node.baseUrl())).isZero();
        assertThat(clear.json().get("status").asText()).isEqualTo("offline");

        CliHarness clearNobody = cli();
        assertThat(clearNobody.run("clear", "never-seen", "--token", admin, "--url", node.baseUrl()))
                .isEqualTo(ExitCode.NOT_FOUND);
        assertThat(clearNobody.err()).isEqualTo("presence: not found: never-seen\n");
        assertThat(cli().run("get", "never-seen", "--url", node.baseUrl())).as("nothing stored")
                .isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void writesNeedAValidToken() {
        assertThat(cli().run("set", "carol", "-s", "online", "--url", node.baseUrl())).isEqualTo(ExitCode.AUTH);
        assertThat(cli().run("set", "carol", "-s", "online", "--token", RealNode.token("dave"),
                "--url", node.baseUrl())).isEqualTo(ExitCode.AUTH);
        assertThat(cli().run("set", "carol", "-s", "online", "--token", "not-a-jwt",
                "--url", node.baseUrl())).isEqualTo(ExitCode.AUTH);
    }

    @Test
    void watchSeesAChange() {
        assertThat(cli().run("set", "erin", "-s", "online", "--token", admin, "--url", node.baseUrl())).isZero();
        CliHarness watch = cli();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> watch.run("watch", "erin", "--count", "2", "--url", node.baseUrl()));
        await().atMost(Duration.ofSeconds(10)).until(() -> watch.out().contains(" erin online"));
        assertThat(cli().run("set", "erin", "-s", "busy", "-m", "deep work", "--token", admin,
                "--url", node.baseUrl())).isZero();
        await().atMost(Duration.ofSeconds(10)).until(exit::isDone);
        assertThat(exit.join()).isZero();
        assertThat(watch.out().split("\n")).hasSize(2);
        assertThat(watch.out()).endsWith(" erin busy \"deep work\"\n");
    }

    @Test
    void healthOfARealNode() {
        CliHarness health = cli();
        assertThat(health.run("health", "--admin-url", node.adminUrl(), "-o", "json")).isZero();
        JsonNode report = health.json();
        assertThat(report.get("healthy").asBoolean()).isTrue();
        assertThat(report.get("checks").has("nats")).isTrue();
        assertThat(report.get("cache").get("size").isNumber()).isTrue();
    }
}
