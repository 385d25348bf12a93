package io.presence.cli;

import static io.presence.cli.CliHarness.error;
import static io.presence.cli.CliHarness.json;
import static io.presence.cli.CliHarness.presenceJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCommandsTest {

    private static final String ALICE = lapsing(presenceJson("alice", "busy", "in a call", "node-1", 4));
    private static final String BOB = lapsing(presenceJson("bob", "online", null, "node-22", 5));

    @StartStop
    final MockWebServer server = new MockWebServer();

    @TempDir
    Path dir;

    private final CliHarness cli = new CliHarness();

    private String url() {
        return server.url("/").toString();
    }

    private static MockResponse lines(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-ndjson").body(body).build();
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    /** A line as a node writes a status other than offline: with when it lapses and its TTL. */
    private static String lapsing(String presence) {
        return presence.replace("\"nodeId\"", "\"expiresAt\":\"2026-01-01T00:05:00Z\",\"ttlSeconds\":300,\"nodeId\"");
    }

    @Test
    void exportWritesJsonLinesToStdoutAndProgressToStderr() throws Exception {
        server.enqueue(lines(ALICE + "\n" + BOB + "\n"));

        assertThat(cli.run("export", "--token", "admin-jwt", "--url", url())).isZero();

        assertThat(cli.out()).isEqualTo(CliHarness.golden("export.ndjson"));
        assertThat(cli.err()).isEqualTo("presence: export: 2 presences in 0.0 s\n");
        RecordedRequest request = server.takeRequest();
        assertThat(request.getTarget()).isEqualTo("/api/v2/presence/export");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer admin-jwt");
    }

    @Test
    void exportReportsProgressEveryTenThousand() {
        String many = IntStream.range(0, ExportCommand.PROGRESS_EVERY + 1)
                .mapToObj(i -> lapsing(presenceJson("u" + i, "online", null, "n1", i + 1))).collect(Collectors.joining("\n"));
        server.enqueue(lines(many + "\n"));

        assertThat(cli.run("export", "--url", url())).isZero();

        assertThat(cli.out().lines()).hasSize(ExportCommand.PROGRESS_EVERY + 1);
        assertThat(cli.err()).isEqualTo("presence: export: 10000 presences ...\npresence: export: 10001 presences in 0.0 s\n");
    }

    /** A node that takes the connection and never answers: opening the export waits --timeout per attempt, not 45 s. */
    @Test
    void anExportOfANodeThatNeverAnswersFailsAfterTheTimeoutOfEachAttempt() {
        server.enqueue(lines(ALICE + "\n").newBuilder().headersDelay(30, TimeUnit.SECONDS).build());
        server.enqueue(lines(ALICE + "\n").newBuilder().headersDelay(30, TimeUnit.SECONDS).build());

        int exit = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> cli.run("export", "--retries", "2", "--timeout", "300ms", "--url", url()));

        assertThat(exit).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).startsWith("presence: error: GET " + url() + "... failed: no answer in time (not opened "
                + "within 300ms); check --url (env PRESENCE_URL) and that the node is healthy, or wait longer with "
                + "--timeout\n");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void anExportCutShortOrRefusedFails() {
        server.enqueue(lines(ALICE + "\n{\"userId\":"));
        assertThat(cli.run("export", "--url", url())).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(cli.err()).contains("ended in the middle of a line after 1 presences: the export is incomplete");

        server.enqueue(error(403, "forbidden"));
        assertThat(new CliHarness().run("export", "--url", url())).isEqualTo(ExitCode.AUTH);

        server.enqueue(lines(ALICE + "\n"));
        CliHarness closed = new CliHarness().closedStdout();
        assertThat(closed.run("export", "--url", url())).isEqualTo(ExitCode.ERROR);
        assertThat(closed.err()).contains("writing to stdout failed after 1 presences: the export is incomplete");
    }

    @Test
    void importSendsEveryLineAndPrintsTheCounts() throws Exception {
        server.enqueue(json(200, "{\"imported\":2,\"skipped\":1}"));
        Path export = file("backup.ndjson", "\uFEFF" + ALICE + "\n\n" + BOB + "\r\n" + ALICE + "\n");

        assertThat(cli.run("import", export.toString(), "--token", "admin-jwt", "--url", url())).isZero();

        assertThat(cli.out()).isEqualTo(CliHarness.golden("import.txt"));
        assertThat(cli.err()).isEqualTo("presence: import: 3 presences from " + export + " ...\n"
                + "presence: import: 3 presences in 0.0 s\n");
        RecordedRequest request = server.takeRequest();
        assertThat(request.getTarget()).isEqualTo("/api/v2/presence/import");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/x-ndjson");
        assertThat(request.getBody().utf8()).isEqualTo(ALICE + "\n" + BOB + "\n" + ALICE + "\n");
    }

    @Test
    void importReadsStdinAndPrintsJson() throws Exception {
        server.enqueue(json(200, "{\"imported\":1,\"skipped\":0}"));
        CliHarness piped = new CliHarness().stdin(BOB + "\n");

        assertThat(piped.run("import", "-", "-o", "json", "--url", url())).isZero();

        assertThat(piped.json().get("imported").asLong()).isEqualTo(1);
        assertThat(piped.json().get("skipped").asLong()).isZero();
        assertThat(piped.err()).startsWith("presence: import: 1 presences from stdin ...\n");
        assertThat(server.takeRequest().getBody().utf8()).isEqualTo(BOB + "\n");
    }

    @Test
    void aPersonAtTheTerminalIsToldHowToEndTheInput() {
        server.enqueue(json(200, "{\"imported\":1,\"skipped\":0}"));
        CliHarness typed = new CliHarness().typed(BOB + "\n");

        assertThat(typed.run("import", "-", "--url", url())).isZero();

        assertThat(typed.err()).startsWith("presence: reading an export from stdin, one presence per line; end with Ctrl-D\n");
    }

    @Test
    void aBadLineIsAUsageErrorAndNothingIsSent() throws Exception {
        Path broken = file("broken.ndjson", ALICE + "\n" + BOB.replace("\"userId\":\"bob\"", "\"userId\":\"import\"") + "\n");
        assertThat(cli.run("import", broken.toString(), "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).startsWith("presence: error: line 2 of " + broken + ": userId must be 1-128 characters")
                .contains("reserved").contains("nothing was imported");

        CliHarness notJson = new CliHarness();
        assertThat(notJson.run("import", file("x.ndjson", "{oops\n").toString(), "--url", url()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(notJson.err()).startsWith("presence: error: line 1 of ").contains(": not a presence: malformed JSON: ");

        // In the node's words for the same lines, never Jackson's (its type names, its "REDACTED" source).
        for (String[] lineAndWords : new String[][] {
                {"{\"userId\":\"x\"", "not a presence: malformed JSON: Unexpected end-of-input: expected close marker"
                        + " for Object (line 1, column 14); nothing was imported"},
                {"[1,2]", "not a presence: must be an object; nothing was imported"},
                {"{\"userId\":\"x\",\"status\":\"dnd\"}", "not a presence: status must be one of "
                        + io.presence.api.PresenceStatus.ALLOWED_VALUES + "; nothing was imported"}}) {
            CliHarness words = new CliHarness().stdin(lineAndWords[0] + "\n");
            assertThat(words.run("import", "-", "--url", url())).isEqualTo(ExitCode.USAGE);
            assertThat(words.err()).startsWith("presence: error: line 1 of stdin: " + lineAndWords[1])
                    .doesNotContain("REDACTED", "io.presence", "JsonToken");
        }

        CliHarness nullLine = new CliHarness().stdin("null\n");
        assertThat(nullLine.run("import", "-", "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(nullLine.err()).contains("line 1 of stdin: not a presence: null");

        CliHarness latin1 = new CliHarness();
        Path notUtf8 = Files.write(dir.resolve("latin1.ndjson"), "{\"message\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(latin1.run("import", notUtf8.toString(), "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(latin1.err()).contains("not UTF-8 text");

        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aFileThatCannotBeReadOrHoldsNothingIsAUsageError() throws Exception {
        CliHarness missing = new CliHarness();
        assertThat(missing.run("import", dir.resolve("nope.ndjson").toString(), "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).startsWith("presence: error: cannot read export file ").contains("no such file");

        CliHarness directory = new CliHarness();
        assertThat(directory.run("import", dir.toString(), "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(directory.err()).contains("is a directory");

        CliHarness empty = new CliHarness();
        assertThat(empty.run("import", file("empty.ndjson", "\n \n").toString(), "--url", url()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(empty.err()).startsWith("presence: error: no presences in ");

        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aFailedImportSaysItCanBeRunAgain() throws Exception {
        server.enqueue(error(503, "unavailable"));
        Path export = file("backup.ndjson", ALICE + "\n");

        assertThat(cli.run("import", export.toString(), "--retries", "1", "--url", url()))
                .isEqualTo(ExitCode.UNAVAILABLE);

        assertThat(cli.err()).contains("presence: import: stopped after 0 of 1 presences; what was imported stays,"
                + " and running the same import again is safe").contains("presence: error: m-503");

        server.enqueue(error(403, "forbidden"));
        CliHarness refused = new CliHarness();
        assertThat(refused.run("import", export.toString(), "--url", url())).isEqualTo(ExitCode.AUTH);
        assertThat(refused.err()).doesNotContain("stopped after").contains("presence: error: m-403");

        // What only the node checks (its clock, its session limit): its reasons are shown, each naming the presence.
        server.enqueue(json(422, "{\"code\":\"validation_failed\",\"message\":\"1 invalid line in the import;"
                + " nothing was stored\",\"details\":[{\"field\":\"line 1\",\"message\":\"lastSeen must not be ahead"
                + " of this node's clock\"}]}"));
        CliHarness ahead = new CliHarness();
        assertThat(ahead.run("import", export.toString(), "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(ahead.err()).contains("presence: import: presence 1 of " + export + ": lastSeen must not be ahead of"
                + " this node's clock");
    }

    @Test
    void aLargeImportReportsProgress() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return json(200, "{\"imported\":" + request.getBody().utf8().lines().count() + ",\"skipped\":0}");
            }
        });
        int count = ImportCommand.PROGRESS_EVERY * 2 + 1_000;
        Path export = file("large.ndjson", IntStream.range(0, count)
                .mapToObj(i -> lapsing(presenceJson("u" + i, "online", null, "n1", i + 1))).collect(Collectors.joining("\n")));

        assertThat(cli.run("import", export.toString(), "-o", "json", "--url", url())).isZero();

        assertThat(cli.json().get("imported").asLong()).isEqualTo(count);
        assertThat(cli.err().lines().filter(line -> line.endsWith(" presences ...")))
                .hasSize(2).allSatisfy(line -> assertThat(line).matches("presence: import: \\d+ of 21000 presences \\.\\.\\."));
    }
}
