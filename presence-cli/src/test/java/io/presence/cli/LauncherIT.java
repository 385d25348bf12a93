package io.presence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/presence} and the completion script, run by bash as a user would (needs the packaged jar). */
class LauncherIT {

    /** Failsafe runs in the module's directory; the launcher is in the checkout's bin/. */
    private static final Path LAUNCHER = Path.of("").toAbsolutePath().getParent().resolve("bin/presence");

    record Run(int exit, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... command) {
        try {
            Path out = Files.createTempFile("launcher", ".out");
            Path err = Files.createTempFile("launcher", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("still running after 60s: " + List.of(command));
            }
            Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void runsTheJarWithTheArgumentsAndItsExitCode() {
        assertThat(Files.isExecutable(LAUNCHER)).as(LAUNCHER + " is executable").isTrue();
        Run version = run(Map.of(), LAUNCHER.toString(), "--version");
        assertThat(version.exit()).as(version.err()).isZero();
        assertThat(version.out()).isEqualTo("presence-cli " + System.getProperty("project.version") + "\n");

        Run usage = run(Map.of(), LAUNCHER.toString(), "get");
        assertThat(usage.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(usage.err()).startsWith("presence: error: Missing required parameter: 'USER'");
    }

    @Test
    void aBadOrEmptyPresenceUrlOrAdminUrlIsUsageNamingTheVariable() {
        Run bad = run(Map.of("PRESENCE_URL", "ftp://x"), LAUNCHER.toString(), "get", "alice");
        assertThat(bad.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).startsWith("presence: error: PRESENCE_URL 'ftp://x' is not an http(s) URL")
                .doesNotContain("baseUrl");
        Run empty = run(Map.of("PRESENCE_URL", ""), LAUNCHER.toString(), "get", "alice");
        assertThat(empty.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(empty.err()).isEqualTo("presence: error: PRESENCE_URL is empty; give the server's base URL, "
                + "e.g. http://localhost:8080, or unset PRESENCE_URL for that default\n");
        Run admin = run(Map.of("PRESENCE_ADMIN_URL", "ftp://x"), LAUNCHER.toString(), "health");
        assertThat(admin.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(admin.err()).startsWith("presence: error: PRESENCE_ADMIN_URL 'ftp://x' is not an http(s) URL");
    }

    @Test
    void worksThroughASymlink(@TempDir Path dir) throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("presence"), dir.relativize(LAUNCHER));
        Run version = run(Map.of(), link.toString(), "-V");
        assertThat(version.exit()).as(version.err()).isZero();
        assertThat(version.out()).isEqualTo("presence-cli " + System.getProperty("project.version") + "\n");
    }

    @Test
    void usesJavaHomeAndJavaOpts(@TempDir Path dir) throws IOException {
        Path java = dir.resolve("jdk/bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\necho \"fake java: $*\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Run run = run(Map.of("JAVA_HOME", dir.resolve("jdk").toString(), "JAVA_OPTS", "-Xmx64m -Dx=1"),
                LAUNCHER.toString(), "get", "alice bob");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("fake java: -Xmx64m -Dx=1 -jar "
                + LAUNCHER.getParent().getParent().toRealPath().resolve("presence-cli/target/presence-cli.jar")
                + " get alice bob\n");
    }

    @Test
    void aMissingJarSaysHowToBuildIt(@TempDir Path dir) throws IOException {
        Path copy = Files.createDirectories(dir.resolve("checkout/bin")).resolve("presence");
        Files.copy(LAUNCHER, copy);
        Run run = run(Map.of(), copy.toString(), "--version");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("presence-cli/target/presence-cli.jar is missing")
                .contains("build it with: mvn -B -q package -DskipTests -pl presence-cli -am");
    }

    @Test
    void watchEndsWhenTheReaderOfItsPipeIsGone() throws IOException {
        try (MockWebServer server = new MockWebServer()) {
            // Every (re)connect gets both users' presence, so watch keeps printing until its stdout fails.
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
                            .body("event: presence\ndata: " + CliHarness.presenceJson("alice", "online", null, "n1", 1)
                                    + "\n\nevent: presence\ndata: " + CliHarness.presenceJson("bob", "away", null, "n1", 2)
                                    + "\n\n").build();
                }
            });
            server.start();
            Run run = run(Map.of("LAUNCHER", LAUNCHER.toString(), "URL", server.url("/").toString()), "bash", "-c",
                    "set -o pipefail; timeout 30 \"$LAUNCHER\" watch alice bob --url \"$URL\" | head -1");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).isEqualTo("2026-01-01T00:00:01Z alice online\n");
            // The stream may end and be resumed before head exits: watch says so in its own lines, nothing else.
            assertThat(run.err().lines()).allMatch(line -> line.startsWith("presence: watch: "));
        }
    }

    /** Sources {@code presence completion} in bash and asks it to complete {@code words}. */
    private static String complete(String... words) {
        String script = """
                source <("$LAUNCHER" completion)
                COMP_WORDS=(%s)
                COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                COMP_LINE="${COMP_WORDS[*]}"
                COMP_POINT=${#COMP_LINE}
                _complete_presence
                printf '%%s\\n' "${COMPREPLY[@]}"
                """.formatted(String.join(" ", words));
        Run run = run(Map.of("LAUNCHER", LAUNCHER.toString()), "bash", "-c", script);
        assertThat(run.exit()).as(run.err()).isZero();
        return run.out();
    }

    @Test
    void theCompletionScriptCompletesCommandsOptionsAndValues() {
        assertThat(complete("presence", "''").split("\n"))
                .contains("get", "set", "clear", "list", "watch", "health", "bench", "completion");
        assertThat(complete("presence", "be")).isEqualTo("bench\n");
        assertThat(complete("presence", "bench", "--read").trim()).isEqualTo("--read-ratio");
        assertThat(complete("presence", "set", "alice", "--status", "b")).isEqualTo("busy\n");
    }
}
