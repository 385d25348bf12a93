package io.presence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.client.RealNode;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code presence sessions} and {@code set --session} against a real node. */
class SessionsCommandIT {

    @TempDir
    static Path dir;
    private static RealNode node;

    @BeforeAll
    static void start() {
        node = new RealNode(dir);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static CliHarness cli() {
        return new CliHarness().clock(Clock.systemUTC());
    }

    @Test
    void setTwoSessionsListThemAndEndThem() {
        String token = RealNode.token("sam");
        assertThat(cli().run("set", "sam", "-s", "online", "--session", "laptop", "--token", token,
                "--url", node.baseUrl())).isZero();
        assertThat(cli().run("set", "sam", "-s", "busy", "--session", "phone", "--visibility", "invisible",
                "--token", token, "--url", node.baseUrl())).isZero();

        CliHarness list = cli();
        assertThat(list.run("sessions", "sam", "-o", "json", "--token", token, "--url", node.baseUrl())).isZero();
        assertThat(list.json().get("sessions")).extracting(s -> s.get("sessionId").asText())
                .containsExactly("phone", "laptop");

        CliHarness others = cli();
        assertThat(others.run("get", "sam", "-o", "json", "--url", node.baseUrl())).isZero();
        assertThat(others.json().get(0).get("status").asText()).isEqualTo("offline");

        CliHarness end = cli();
        assertThat(end.run("sessions", "sam", "--end", "phone", "-o", "json", "--token", token,
                "--url", node.baseUrl())).isZero();
        assertThat(end.json().get("status").asText()).isEqualTo("online");
        assertThat(cli().run("sessions", "sam", "--end", "phone", "--token", token, "--url", node.baseUrl()))
                .isEqualTo(ExitCode.NOT_FOUND);
        assertThat(cli().run("sessions", "sam", "--end-all", "--token", token, "--url", node.baseUrl())).isZero();
        assertThat(cli().run("sessions", "sam", "--url", node.baseUrl())).isEqualTo(ExitCode.AUTH);
    }
}
