package io.presence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PresenceCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new PresenceCli())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void printsUsageWithoutArguments() {
        assertThat(run()).isZero();
        assertThat(out.toString()).contains("Usage: presence");
    }

    @Test
    void printsVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString().trim()).isEqualTo("presence-cli " + System.getProperty("project.version"))
                .doesNotContain("${");
    }

    @Test
    void rejectsUnknownOptionWithUsageExitCode() {
        assertThat(run("--bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'");
    }
}
