package io.presence.cli;

import static io.presence.cli.CliHarness.error;
import static io.presence.cli.CliHarness.json;
import static io.presence.cli.CliHarness.presenceJson;
import static io.presence.cli.CliHarness.userNotFound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.presence.api.Presence;
import io.presence.api.PresenceLimits;
import io.presence.api.PresenceStatus;
import io.presence.client.PresenceClientOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReadWriteCommandsTest {

    @StartStop
    final MockWebServer server = new MockWebServer();

    private final CliHarness cli = new CliHarness();

    private String url() {
        return server.url("/").toString();
    }

    @Test
    void getPrintsATable() throws Exception {
        server.enqueue(json(200, presenceJson("alice", "busy", "in a call", "node-1", 4)));
        server.enqueue(json(200, presenceJson("bob", "online", null, "node-22", 5)));
        assertThat(cli.run("get", "alice", "bob", "--url", url())).isZero();
        assertThat(cli.out()).isEqualTo(CliHarness.golden("get.txt"));
        assertThat(cli.err()).isEmpty();
        assertThat(server.takeRequest().getTarget()).isEqualTo("/api/v2/presence/alice");
    }

    /** A proxy's 502 (its node unreachable) after the retries is the node being unavailable, said once. */
    @Test
    void aProxysBadGatewayIsUnavailable() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
                    .body("<html>bad gateway</html>").build());
        }
        assertThat(cli.run("get", "alice", "--url", url())).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(cli.err()).startsWith("presence: error: HTTP 502").doesNotContain("(HTTP 502", "http_502");
    }

    /** Output a script captures that could not be written (a full disk, a failed pipe) is never an exit 0. */
    @Test
    void stdoutThatFailsIsAnErrorNotSuccess() {
        server.enqueue(json(200, presenceJson("alice", "busy", "in a call", "node-1", 4)));
        CliHarness full = new CliHarness().closedStdout();
        assertThat(full.run("get", "alice", "-o", "json", "--url", url())).isEqualTo(ExitCode.ERROR);
        assertThat(full.err()).isEqualTo("presence: error: writing to stdout failed: the output is incomplete"
                + System.lineSeparator());

        CliHarness completion = new CliHarness().closedStdout();
        assertThat(completion.run("completion")).isEqualTo(ExitCode.ERROR);
        assertThat(completion.err()).contains("writing to stdout failed");
    }

    /** What a rogue server sends is printed, never obeyed: no escape sequence reaches the terminal. */
    @Test
    void controlCharactersFromTheServerAreShownNotSentToTheTerminal() {
        server.enqueue(json(200, presenceJson("alice", "busy", "\\u001b]0;pwned\\u0007in a call\\u009b2J", "n1", 4)));
        assertThat(cli.run("get", "alice", "--url", url())).isZero();
        assertThat(cli.out()).contains("\\x1b]0;pwned\\x07in a call\\x9b2J").doesNotContain("\u001b", "\u0007", "\u009b");

        server.enqueue(json(500, "{\"code\":\"internal\",\"message\":\"\\u001b[2Jgone\",\"details\":[]}"));
        CliHarness failed = new CliHarness();
        assertThat(failed.run("get", "alice", "--url", url())).isEqualTo(ExitCode.ERROR);
        assertThat(failed.err()).startsWith("presence: error: \\x1b[2Jgone").doesNotContain("\u001b");

        server.enqueue(json(200, presenceJson("alice", "busy", "\\u001b[31mred", "n1", 4)));
        CliHarness json = new CliHarness();
        assertThat(json.run("get", "alice", "-o", "json", "--url", url())).isZero();
        assertThat(json.json().get(0).get("message").asText()).as("JSON keeps the value").isEqualTo("\u001b[31mred");
        assertThat(json.out()).doesNotContain("\u001b");

        // C1 controls, DEL and direction overrides (which reorder the rest of the line) in JSON too.
        server.enqueue(json(200, presenceJson("alice", "busy", "\\u009b2Jx\\u007f\\u202eevil", "n1", 4)));
        CliHarness c1 = new CliHarness();
        assertThat(c1.run("get", "alice", "-o", "json", "--url", url())).isZero();
        assertThat(c1.json().get(0).get("message").asText()).isEqualTo("\u009b2Jx\u007f\u202eevil");
        assertThat(c1.out()).contains("\\u009b2Jx\\u007f\\u202eevil").doesNotContain("\u009b", "\u007f", "\u202e");
        server.enqueue(json(200, presenceJson("alice", "busy", "ok\\u202eevil\\u2066", "n1", 4)));
        CliHarness bidi = new CliHarness();
        assertThat(bidi.run("get", "alice", "--url", url())).isZero();
        assertThat(bidi.out()).contains("ok\\u202eevil\\u2066").doesNotContain("\u202e", "\u2066");

        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(WatchCommand.line(new Presence("alice", PresenceStatus.BUSY, "\u001b[2J", at, at, null, null, "n1", 4)))
                .isEqualTo("2026-01-01T00:00:00Z alice busy \"\\x1b[2J\"");
    }

    @Test
    void anOutputFormatIsTakenInAnyCase() {
        server.enqueue(json(200, presenceJson("alice", "busy", "in a call", "node-1", 4)));
        assertThat(cli.run("get", "alice", "-o", "JSON", "--url", url())).isZero();
        assertThat(cli.json().get(0).get("status").asText()).isEqualTo("busy");
    }

    @Test
    void getPrintsJson() {
        server.enqueue(json(200, presenceJson("alice", "busy", "in a call", "node-1", 4)));
        assertThat(cli.run("get", "alice", "-o", "json", "--url", url())).isZero();
        JsonNode array = cli.json();
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(1);
        assertThat(array.get(0).get("userId").asText()).isEqualTo("alice");
        assertThat(array.get(0).get("status").asText()).isEqualTo("busy");
        assertThat(array.get(0).get("lastSeen").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(array.get(0).get("revision").asLong()).isEqualTo(4);
    }

    @Test
    void getNamesMissingUsersOnStderr() {
        server.enqueue(userNotFound());
        server.enqueue(json(200, presenceJson("bob", "online", null, "node-22", 5)));
        assertThat(cli.run("get", "ghost", "bob", "--url", url())).isZero();
        assertThat(cli.out()).contains("bob").doesNotContain("ghost");
        assertThat(cli.err()).isEqualTo("presence: not found: ghost\n");
    }

    @Test
    void getExitsNotFoundWhenAllAreMissing() {
        server.enqueue(userNotFound());
        assertThat(cli.run("get", "ghost", "--url", url())).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).isEqualTo("presence: not found: ghost\n");
    }

    @Test
    void unauthorizedIsAnAuthErrorWithoutStackTrace() {
        server.enqueue(error(401, "unauthorized"));
        assertThat(cli.run("get", "alice", "--token", "t", "--url", url())).isEqualTo(ExitCode.AUTH);
        assertThat(cli.err()).isEqualTo("presence: error: m-401 (HTTP 401, unauthorized)\n");
    }

    @Test
    void verboseShowsTheStackTrace() {
        server.enqueue(error(403, "forbidden"));
        assertThat(cli.run("get", "alice", "--verbose", "--url", url())).isEqualTo(ExitCode.AUTH);
        assertThat(cli.err()).startsWith("presence: error: m-403 (HTTP 403, forbidden)\n")
                .contains("PresenceForbiddenException").contains("\tat ");
    }

    @Test
    void unavailableAndServerErrors() {
        server.enqueue(error(503, "unavailable"));
        assertThat(cli.run("get", "alice", "--retries", "1", "--url", url())).isEqualTo(ExitCode.UNAVAILABLE);
        server.enqueue(error(500, "internal"));
        assertThat(new CliHarness().run("get", "alice", "--url", url())).isEqualTo(ExitCode.ERROR);
        server.enqueue(error(429, "rate_limited"));
        assertThat(new CliHarness().run("get", "alice", "--retries", "1", "--url", url()))
                .isEqualTo(ExitCode.UNAVAILABLE);
    }

    @Test
    void unreachableServerIsUnavailable() {
        CliHarness refused = new CliHarness();
        assertThat(refused.run("get", "alice", "--retries", "1", "--url", CliHarness.refusedUrl()))
                .isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(refused.err()).startsWith("presence: error: ")
                .endsWith("(run with --verbose for the stack trace)\n");
    }

    @Test
    void aBodyThatIsNotAPresenceIsOneLineNotANullPointer() {
        server.enqueue(json(200, "{\"userId\":null,\"status\":null}"));
        assertThat(cli.run("get", "alice", "--url", url())).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(cli.err()).isEqualTo("presence: error: server answered 200 with a body that is not a Presence "
                + "(Content-Type application/json): missing userId, status, updatedAt, nodeId, revision\n"
                + "(run with --verbose for the stack trace)\n");
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html").body("<html>").build());
        CliHarness html = new CliHarness();
        assertThat(html.run("get", "alice", "--url", url())).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(html.err()).startsWith("presence: error: server answered 200 with a body that is not a Presence "
                + "(Content-Type text/html): Unexpected character ('<' (code 60))").hasLineCount(2);
    }

    @Test
    void retriesBelowOneIsUsageNamingTheOption() {
        assertThat(cli.run("get", "alice", "--retries", "0", "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).startsWith("presence: error: --retries must be at least 1 (was 0)\n").doesNotContain("maxAttempts");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void badUrlIsUsage() {
        assertThat(cli.run("get", "alice", "--url", "not a url")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aBadUrlIsNamedAsTheUserTypedIt() {
        assertThat(cli.run("get", "alice", "--url", "ftp://x")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).isEqualTo("presence: error: --url 'ftp://x' is not an http(s) URL with a host and "
                + "no query, e.g. http://localhost:8080 or https://presence.example.com/prefix\n");
        CliHarness query = new CliHarness();
        assertThat(query.run("get", "alice", "--url", url() + "?x=1")).isEqualTo(ExitCode.USAGE);
        assertThat(query.err()).contains("--url '" + url() + "?x=1' is not an http(s) URL");
        CliHarness user = new CliHarness();
        assertThat(user.run("get", "alice", "--url", "http://ops:s3cret@h:1/")).isEqualTo(ExitCode.USAGE);
        assertThat(user.err()).isEqualTo("presence: error: --url http://h:1/... must not carry a user or password "
                + "(they are not sent); give the token with --token or --token-file\n");
        CliHarness empty = new CliHarness();
        assertThat(empty.run("get", "alice", "--url", "")).isEqualTo(ExitCode.USAGE);
        assertThat(empty.err()).isEqualTo("presence: error: --url is empty; give the server's base URL, "
                + "e.g. http://localhost:8080\n");
        CliHarness second = new CliHarness();
        assertThat(second.run("get", "alice", "--url", url() + ",localhost:8080")).isEqualTo(ExitCode.USAGE);
        assertThat(second.err()).contains("--url 'localhost:8080' is not an http(s) URL");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void urlsAreTakenWithBlanksAroundAndAPathPrefix() throws Exception {
        server.enqueue(json(200, presenceJson("alice", "busy", null, "node-1", 4)));
        assertThat(cli.run("get", "alice", "--url", " " + server.url("/presence/") + " ")).isZero();
        assertThat(server.takeRequest().getTarget()).isEqualTo("/presence/api/v2/presence/alice");
    }

    @Test
    void anUnreachableNodeIsNamedInWordsWithWhatToCheck() {
        String refused = CliHarness.refusedUrl();
        assertThat(cli.run("set", "alice", "-s", "online", "--retries", "1", "--url", refused))
                .isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(cli.err()).startsWith("presence: error: PUT " + refused + "... failed: cannot connect (")
                .contains("; check --url (env PRESENCE_URL) and that the node is running\n")
                .doesNotContain("java.net");
    }

    /** https:// to the node's plain-HTTP port fails the TLS handshake: the line says what to check. */
    @Test
    void httpsToAPlainHttpPortSaysToCheckTheScheme() throws Exception {
        try (ServerSocket plainHttp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // As Jetty answers a TLS handshake: its bytes are no HTTP request, so a 400 in plain text.
            Thread node = new Thread(() -> {
                try (Socket connection = plainHttp.accept()) {
                    connection.getInputStream().read(new byte[512]);
                    connection.getOutputStream().write(("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the client gave up first: the assertions below say what it printed
                }
            });
            node.start();
            httpsAgainst("https://127.0.0.1:" + plainHttp.getLocalPort() + "/");
            node.join(10_000);
        }
    }

    private void httpsAgainst(String https) {
        assertThat(cli.run("get", "alice", "--retries", "1", "--url", https)).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(cli.err()).startsWith("presence: error: GET " + https)
                .contains("failed: the TLS handshake failed (").contains("is the base URL's scheme, http or https, the one"
                        + " its port speaks, and is its certificate trusted?; check --url (env PRESENCE_URL)\n")
                .doesNotContain("javax.net");
    }

    /** A node that takes the connection and never answers: each attempt waits --timeout, then the command fails. */
    @Test
    void aNodeThatNeverAnswersFailsAfterTheTimeoutOfEachAttempt() throws Exception {
        server.enqueue(json(200, presenceJson("alice", "busy", null, "node-1", 4)).newBuilder()
                .headersDelay(30, TimeUnit.SECONDS).build());
        server.enqueue(json(200, presenceJson("alice", "busy", null, "node-1", 4)).newBuilder()
                .headersDelay(30, TimeUnit.SECONDS).build());

        int exit = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> cli.run("get", "alice", "--retries", "2", "--timeout", "300ms", "--url", server.url("/").toString()));

        assertThat(exit).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(cli.err()).startsWith("presence: error: GET " + server.url("/") + "... failed: no answer in time (")
                .contains("; check --url (env PRESENCE_URL) and that the node is healthy, or wait longer with --timeout\n");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    /** Under a millisecond would be no timeout, and over 24 days one the HTTP client refuses: both name --timeout. */
    @Test
    void aTimeoutMustBeBetweenAMillisecondAnd24Days() {
        assertThat(cli.run("get", "alice", "--timeout", "0s")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("--timeout must be between 1ms and 24d (was 0s)");
        CliHarness huge = new CliHarness();
        assertThat(huge.run("get", "alice", "--timeout", "99999d", "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(huge.err()).startsWith("presence: error: --timeout must be between 1ms and 24d (was 2399976h)");
        CliHarness health = new CliHarness();
        assertThat(health.run("health", "--timeout", "25d", "--admin-url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(health.err()).startsWith("presence: error: --timeout must be between 1ms and 24d (was 600h)");
        assertThat(server.getRequestCount()).isZero();
    }

    /**
     * A --timeout above the SDK's 30 s limit of an attempt is waited for whole: otherwise raising it, as a timeout
     * error advises, would end each attempt at 30 s all the same.
     */
    @Test
    void aLongTimeoutIsNotCutShortByTheLimitOfAnAttempt() {
        CommandLine line = PresenceCli.commandLine(new PresenceCli(CliHarness.CLOCK, InputStream.nullInputStream(), false));

        PresenceClientOptions longWait = clientOptions(line, "get", "alice", "--timeout", "2m");
        assertThat(longWait.readTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(longWait.callTimeout()).isGreaterThanOrEqualTo(Duration.ofMinutes(2));

        PresenceClientOptions byDefault = clientOptions(line, "get", "alice");
        assertThat(byDefault.readTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(byDefault.callTimeout()).isEqualTo(PresenceClientOptions.DEFAULT_CALL_TIMEOUT);
    }

    private static PresenceClientOptions clientOptions(CommandLine line, String... args) {
        return ((ClientCommand) line.parseArgs(args).subcommand().commandSpec().userObject()).clientOptions();
    }

    /** An unsigned JWT with only {@code sub} and {@code exp}: enough for the CLI, which never verifies one. */
    static String jwtExpiringAt(Instant exp) {
        java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(("{\"sub\":\"alice\",\"exp\":" + exp.getEpochSecond() + "}")
                .getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void a401SaysWhatTheCliCanSeeOfTheToken(@TempDir Path dir) throws Exception {
        server.enqueue(error(401, "unauthorized"));
        String expired = jwtExpiringAt(CliHarness.CLOCK.instant().minusSeconds(7200));
        assertThat(cli.run("set", "alice", "-s", "online", "--token", expired, "--url", url()))
                .isEqualTo(ExitCode.AUTH);
        assertThat(cli.err()).isEqualTo("presence: error: m-401; the token expired at 2025-12-31T22:03:00Z (2 h ago) "
                + "(HTTP 401, unauthorized)\n");

        server.enqueue(error(401, "unauthorized"));
        CliHarness none = new CliHarness();
        assertThat(none.run("set", "alice", "-s", "online", "--token", "", "--url", url())).isEqualTo(ExitCode.AUTH);
        assertThat(none.err()).isEqualTo("presence: error: m-401; no token was given (--token, --token-file or env "
                + "PRESENCE_TOKEN) (HTTP 401, unauthorized)\n");

        server.enqueue(error(401, "unauthorized"));
        Path emptyFile = Files.writeString(dir.resolve("empty.jwt"), "\n");
        CliHarness empty = new CliHarness();
        assertThat(empty.run("set", "alice", "-s", "online", "--token-file", emptyFile.toString(), "--url", url()))
                .isEqualTo(ExitCode.AUTH);
        assertThat(empty.err()).isEqualTo("presence: error: m-401; the token file " + emptyFile + " is empty "
                + "(HTTP 401, unauthorized)\n");

        // a token that is valid for a while yet, or not a JWT at all: the server's word alone
        for (String token : List.of(jwtExpiringAt(CliHarness.CLOCK.instant().plusSeconds(60)), "opaque",
                "a.!!!.b", "a." + java.util.Base64.getUrlEncoder().encodeToString("[1]".getBytes()) + ".b")) {
            server.enqueue(error(401, "unauthorized"));
            CliHarness plain = new CliHarness();
            assertThat(plain.run("get", "alice", "--token", token, "--url", url())).isEqualTo(ExitCode.AUTH);
            assertThat(plain.err()).as(token).isEqualTo("presence: error: m-401 (HTTP 401, unauthorized)\n");
        }
    }

    @Test
    void aDurationTooLongIsUsageWithoutAJavaExceptionName() {
        for (String ttl : List.of("10000000000000000000s", "9999999999999999d")) {
            CliHarness run = new CliHarness();
            assertThat(run.run("set", "alice", "-s", "online", "--ttl", ttl, "--url", url())).isEqualTo(ExitCode.USAGE);
            assertThat(run.err()).startsWith("presence: error: Invalid value for option '--ttl': '" + ttl + "' is too long a duration\n")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void anInvalidIdIsOneLineOfUsage() {
        assertThat(cli.run("get", "bad id", "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).isEqualTo("presence: error: invalid user id 'bad id': " + PresenceLimits.USER_ID_RULE + "\n");
    }

    @Test
    void setSendsTheUpdateWithTheToken() throws Exception {
        server.enqueue(json(200, presenceJson("alice", "busy", "lunch", "node-1", 9)));
        assertThat(cli.run("set", "alice", "--status", "busy", "--message", "lunch", "--ttl", "5m",
                "--token", "tok", "--url", url())).isZero();
        assertThat(cli.out()).isEqualTo(CliHarness.golden("set.txt"));
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("PUT");
        assertThat(request.getTarget()).isEqualTo("/api/v2/presence/alice");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer tok");
        JsonNode body = CliJson.MAPPER.readTree(request.getBody().utf8());
        assertThat(body.get("status").asText()).isEqualTo("busy");
        assertThat(body.get("message").asText()).isEqualTo("lunch");
        assertThat(body.get("ttlSeconds").asLong()).isEqualTo(300);
    }

    @Test
    void setReadsTheTokenFileAndPrintsJson(@TempDir Path dir) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), "file-token\n");
        server.enqueue(json(200, presenceJson("alice", "online", null, "node-1", 2)));
        assertThat(cli.run("set", "alice", "-s", "ONLINE", "--ttl", "PT1H", "--token-file", tokenFile.toString(),
                "-o", "json", "--url", url())).isZero();
        assertThat(cli.json().get("status").asText()).isEqualTo("online");
        RecordedRequest request = server.takeRequest();
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer file-token");
        assertThat(CliJson.MAPPER.readTree(request.getBody().utf8()).get("ttlSeconds").asLong()).isEqualTo(3600);
    }

    @Test
    void aTokenIsTrimmedAndOneNoHeaderMayCarryIsUsage() throws Exception {
        server.enqueue(json(200, presenceJson("alice", "online", null, "node-1", 2)));
        assertThat(cli.run("set", "alice", "-s", "online", "--token", "tok\n", "--url", url())).isZero();
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer tok");
        CliHarness twoLines = new CliHarness();
        assertThat(twoLines.run("set", "alice", "-s", "online", "--token", "tok\nen", "--url", url()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(twoLines.err()).isEqualTo("presence: error: the --token value must be printable ASCII (a JWT is), "
                + "found 0x0a at index 3 of 6\n");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void setRejectsBadValues() {
        assertThat(cli.run("set", "alice", "--status", "sleeping", "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("'sleeping' is not a status (online|away|busy|offline)");
        CliHarness ttl = new CliHarness();
        assertThat(ttl.run("set", "alice", "--status", "busy", "--ttl", "soon", "--url", url()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(ttl.err()).contains("'soon' is not a duration");
        assertThat(new CliHarness().run("set", "alice", "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(server.getRequestCount()).isZero();
    }

    /**
     * What no node accepts is refused before sending, in the option's terms and with the contract's bounds
     * (PresenceLimits): the SDK would say "ttl must be 1-86400 seconds (was PT48H)" or "message must be ...".
     */
    @Test
    void setRefusesWhatNoNodeAcceptsInTheOptionsTerms() {
        Map<List<String>, String> refused = new LinkedHashMap<>();
        refused.put(List.of("--ttl", "48h"), "--ttl must be between 1s and 24h (was 48h)");
        refused.put(List.of("--ttl", "2d"), "--ttl must be between 1s and 24h (was 48h)");
        refused.put(List.of("--ttl", "500ms"), "--ttl must be between 1s and 24h (was 0.5s)");
        refused.put(List.of("--ttl", "0s"), "--ttl must be between 1s and 24h (was 0s)");
        refused.put(List.of("--ttl", "100000000000d"), "--ttl must be between 1s and 24h (was 2400000000000h)");
        refused.put(List.of("--message", "x".repeat(PresenceLimits.MAX_MESSAGE_LENGTH + 1)),
                "--message must be at most 256 characters (was 257)");
        refused.put(List.of("--message", "in\na call"),
                "--message must not contain control characters (newlines, tabs, ...) or unpaired surrogates");
        refused.forEach((option, message) -> {
            CliHarness run = new CliHarness();
            List<String> args = new ArrayList<>(List.of("set", "alice", "--status", "busy", "--url", url()));
            args.addAll(option);
            assertThat(run.run(args.toArray(String[]::new))).as(option.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(run.err()).as(option.toString()).startsWith("presence: error: " + message + "\n");
        });
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void setMapsServerRejections() {
        server.enqueue(error(403, "forbidden"));
        assertThat(cli.run("set", "bob", "--status", "busy", "--token", "t", "--url", url())).isEqualTo(ExitCode.AUTH);
        server.enqueue(error(400, "invalid_request"));
        assertThat(new CliHarness().run("set", "bob", "--status", "busy", "--token", "t", "--url", url()))
                .isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aRefusedValueIsNamedByItsOptionNotItsFieldInTheBody() {
        server.enqueue(json(422, "{\"code\":\"validation_failed\",\"message\":\"ttlSeconds must be between 5 and "
                + "86400 seconds (was 1)\",\"details\":[{\"field\":\"ttlSeconds\",\"message\":\"must be between 5 and "
                + "86400 seconds (was 1)\"},{\"field\":\"message\",\"message\":\"must be at most 256 characters\"},"
                + "{\"field\":\"other\",\"message\":\"is odd\"}]}"));
        assertThat(cli.run("set", "bob", "-s", "busy", "--ttl", "1s", "--token", "t", "--verbose", "--url", url()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).startsWith("presence: error: --ttl must be between 5 and 86400 seconds (was 1); "
                + "--message must be at most 256 characters; other is odd (HTTP 422, validation_failed)\n")
                .contains("at io.presence.client.ErrorMapper.map"); // --verbose: where the SDK made it
        server.enqueue(error(422, "validation_failed")); // no details: the node's message as it is
        CliHarness plain = new CliHarness();
        assertThat(plain.run("set", "bob", "-s", "busy", "--token", "t", "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(plain.err()).isEqualTo("presence: error: m-422 (HTTP 422, validation_failed)\n");
    }

    @Test
    void anUnreadableTokenFileIsUsageNamingFileAndReason(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing");
        assertThat(cli.run("set", "bob", "--status", "busy", "--token-file", missing.toString(), "--url", url()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).isEqualTo("presence: error: cannot read token file " + missing + ": no such file\n");
        CliHarness directory = new CliHarness();
        assertThat(directory.run("get", "bob", "--token-file", dir.toString(), "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(directory.err()).isEqualTo("presence: error: cannot read token file " + dir + ": is a directory\n");
        Path binary = Files.write(dir.resolve("binary"), new byte[] {(byte) 0xff, (byte) 0xfe});
        CliHarness notText = new CliHarness();
        assertThat(notText.run("get", "bob", "--token-file", binary.toString(), "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(notText.err()).isEqualTo("presence: error: cannot read token file " + binary + ": not UTF-8 text (if "
                + "it is UTF-16, as Windows PowerShell's > writes, convert it: iconv -f UTF-16 -t UTF-8)\n");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void anUnreadableIdFileIsUsage(@TempDir Path dir) {
        Path missing = dir.resolve("ids.txt");
        assertThat(cli.run("list", "--file", missing.toString(), "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).isEqualTo("presence: error: cannot read id file " + missing + ": no such file\n");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void clearSetsOffline() throws Exception {
        server.enqueue(json(200, presenceJson("alice", "offline", null, "node-1", 3)));
        assertThat(cli.run("clear", "alice", "--token", "t", "-o", "json", "--url", url())).isZero();
        assertThat(cli.json().get("status").asText()).isEqualTo("offline");
        RecordedRequest request = server.takeRequest();
        assertThat(CliJson.MAPPER.readTree(request.getBody().utf8()).get("status").asText()).isEqualTo("offline");
        server.enqueue(json(200, presenceJson("alice", "offline", null, "node-1", 3)));
        CliHarness table = new CliHarness();
        assertThat(table.run("clear", "alice", "--token", "t", "--url", url())).isZero();
        assertThat(table.out()).contains("alice  offline");
    }

    /** The node stores nothing for a user it never saw: not found, as get says; a 404 without the user is a bad URL. */
    @Test
    void clearingAUserWithoutPresenceIsNotFound() {
        server.enqueue(json(404, "{\"code\":\"not_found\",\"message\":\"no presence for user 'ghost'\","
                + "\"details\":[{\"field\":\"userId\",\"message\":\"has no presence\"}]}"));
        assertThat(cli.run("clear", "ghost", "--token", "t", "--url", url())).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).isEqualTo("presence: not found: ghost\n");

        server.enqueue(json(404, "{\"code\":\"not_found\",\"message\":\"no presence for user 'ghost'\","
                + "\"details\":[{\"field\":\"userId\",\"message\":\"has no presence\"}]}"));
        CliHarness offline = new CliHarness();
        assertThat(offline.run("set", "ghost", "-s", "offline", "--token", "t", "--url", url()))
                .isEqualTo(ExitCode.NOT_FOUND);
        assertThat(offline.out()).isEmpty();
        assertThat(offline.err()).isEqualTo("presence: not found: ghost\n");

        server.enqueue(json(404, "{\"code\":\"not_found\",\"message\":\"no presence for user 'ghost'\","
                + "\"details\":[{\"field\":\"userId\",\"message\":\"has no presence\"}]}"));
        CliHarness offlineSession = new CliHarness();
        assertThat(offlineSession.run("set", "ghost", "-s", "offline", "--session", "phone", "--token", "t",
                "--url", url())).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(offlineSession.err()).isEqualTo("presence: not found: ghost\n");

        server.enqueue(json(404, "{\"code\":\"not_found\",\"message\":\"no resource\",\"details\":[]}"));
        CliHarness wrongUrl = new CliHarness();
        assertThat(wrongUrl.run("clear", "ghost", "--token", "t", "--url", url())).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(wrongUrl.err()).contains("no Presence API at that address");
    }

    private static MockResponse batch(String presences, String notFound) {
        return json(200, "{\"presences\":[" + presences + "],\"notFound\":[" + notFound + "]}");
    }

    @Test
    void listReadsAFileAndUsesOneBatch(@TempDir Path dir) throws Exception {
        Path ids = Files.writeString(dir.resolve("ids.txt"), "bob\n\n# comment\nalice\nghost\n");
        server.enqueue(batch(presenceJson("bob", "away", null, "n2", 1) + ","
                + presenceJson("alice", "online", null, "n1", 2), "\"ghost\""));
        assertThat(cli.run("list", "--file", ids.toString(), "--url", url())).isZero();
        assertThat(cli.out()).isEqualTo(CliHarness.golden("list.txt"));
        assertThat(cli.err()).isEqualTo("presence: not found: ghost\n");
        RecordedRequest request = server.takeRequest();
        assertThat(request.getTarget()).isEqualTo("/api/v2/presence/batch");
        assertThat(CliJson.MAPPER.readTree(request.getBody().utf8()).get("userIds"))
                .extracting(JsonNode::asText).containsExactly("bob", "alice", "ghost");
    }

    /** A node with {@code auth.publicReads: false} refuses reads without one (watch: WatchAndHealthCommandsTest). */
    @Test
    void readsSendTheToken(@TempDir Path dir) throws Exception {
        server.enqueue(json(200, presenceJson("alice", "online", null, "n1", 1)));
        assertThat(cli.run("get", "alice", "--token", "reader", "--url", url())).isZero();
        Path ids = Files.writeString(dir.resolve("ids.txt"), "alice\n");
        server.enqueue(batch(presenceJson("alice", "online", null, "n1", 1), ""));
        assertThat(new CliHarness().run("list", "--file", ids.toString(), "--token", "reader", "--url", url()))
                .isZero();
        for (String target : List.of("/api/v2/presence/alice", "/api/v2/presence/batch")) {
            RecordedRequest request = server.takeRequest();
            assertThat(request.getTarget()).isEqualTo(target);
            assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer reader");
        }
    }

    @Test
    void listNamesTheLineOfAnInvalidIdAndSendsNothing(@TempDir Path dir) throws Exception {
        Path ids = Files.writeString(dir.resolve("ids.txt"), "alice\n\n# team b\nbob smith\n");
        assertThat(cli.run("list", "--file", ids.toString(), "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).isEqualTo("presence: error: line 4 of " + ids + ": not a user id (U+0020 at character 4):"
                + " an id " + PresenceLimits.USER_ID_RULE + "\n");
        CliHarness stdin = new CliHarness().stdin("..\n");
        assertThat(stdin.run("list", "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(stdin.err()).startsWith("presence: error: line 1 of stdin: not a user id ('..' is reserved): ");
        assertThat(server.getRequestCount()).isZero();
    }

    /** The wrong file given to list (a key, a token) is not printed back: the line names where it goes wrong. */
    @Test
    void listDoesNotEchoALineThatIsNoId(@TempDir Path dir) throws Exception {
        String secret = "k3y+mAterial/that-is=secret";
        Path key = Files.writeString(dir.resolve("jwt-secret"), secret + "\n");
        assertThat(cli.run("list", "--file", key.toString(), "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).startsWith("presence: error: line 1 of " + key + ": not a user id (U+002B at character 4)")
                .doesNotContain("mAterial");
        CliHarness tooLong = new CliHarness().stdin("x".repeat(200) + "\n");
        assertThat(tooLong.run("list", "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(tooLong.err()).startsWith("presence: error: line 1 of stdin: not a user id (200 characters)");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aTokenFileWithTwoLinesIsNamed(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("env"), "TOKEN=abc\nOTHER=def\n");
        assertThat(cli.run("get", "alice", "--token-file", token.toString(), "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).isEqualTo("presence: error: the token in " + token + " must be printable ASCII (a JWT "
                + "is), found 0x0a at index 9 of 19\n");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aTtlOfPartSecondsIsUsageRatherThanCutDown() {
        assertThat(cli.run("set", "alice", "-s", "online", "--ttl", "1500ms", "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).startsWith("presence: error: --ttl must be whole seconds (was 1500ms)\n");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aByteOrderMarkAtTheStartOfATokenOrIdFileIsNotPartOfIt(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "\uFEFFfile-token\r\n");
        server.enqueue(json(200, presenceJson("alice", "online", null, "node-1", 2)));
        assertThat(cli.run("set", "alice", "-s", "online", "--token-file", token.toString(), "--url", url()))
                .as(cli.err()).isZero();
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer file-token");

        Path ids = Files.writeString(dir.resolve("ids.txt"), "\uFEFFalice\r\n");
        server.enqueue(batch(presenceJson("alice", "online", null, "n1", 2), ""));
        CliHarness list = new CliHarness();
        assertThat(list.run("list", "--file", ids.toString(), "--url", url())).as(list.err()).isZero();
        server.enqueue(batch(presenceJson("alice", "online", null, "n1", 2), ""));
        CliHarness piped = new CliHarness().stdin("\uFEFFalice\n");
        assertThat(piped.run("list", "--url", url())).as(piped.err()).isZero();
        assertThat(CliJson.MAPPER.readTree(server.takeRequest().getBody().utf8()).get("userIds").get(0).asText())
                .isEqualTo("alice");
    }

    @Test
    void aLongNotFoundListIsCutOnStderrButWholeInJson() {
        List<String> ghosts = java.util.stream.IntStream.rangeClosed(1, 25).mapToObj(i -> "g" + i).toList();
        String notFound = String.join(",", ghosts.stream().map(id -> "\"" + id + "\"").toList());
        server.enqueue(batch(presenceJson("alice", "online", null, "n1", 2), notFound));
        assertThat(cli.stdin("alice\n" + String.join("\n", ghosts)).run("list", "-o", "json", "--url", url())).isZero();
        assertThat(cli.json().get("notFound")).hasSize(25);
        assertThat(cli.err()).isEqualTo("presence: not found: " + String.join(", ", ghosts.subList(0, 20))
                + " and 5 more (25 in all; -o json lists them)\n");
    }

    @Test
    void aRedirectIsNotFollowedAndSaysToFixTheUrl() {
        server.enqueue(new MockResponse.Builder().code(301)
                .addHeader("Location", "https://presence.example.com/api/v2/presence/alice").build());
        assertThat(cli.run("set", "alice", "-s", "online", "--token", "t", "--url", url())).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(cli.err()).startsWith("presence: error: HTTP 301: redirected to https://presence.example.com/api/v2/"
                + "presence/alice; set the base URL to where the API is (the SDK follows no redirects); check --url "
                + "(env PRESENCE_URL)\n");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void a404FromAPathThatAnswersEveryIdMeansTheUrlMissesTheApi() {
        server.enqueue(error(404, "not_found"));
        assertThat(cli.run("set", "alice", "-s", "online", "--token", "t", "--url", url())).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(cli.err()).startsWith("presence: error: m-404 (HTTP 404, not_found); no Presence API at that "
                + "address: check --url (env PRESENCE_URL), its port and path prefix\n");
        server.enqueue(error(404, "not_found"));
        CliHarness list = new CliHarness().stdin("alice\n");
        assertThat(list.run("list", "--url", url())).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(list.err()).contains("no Presence API at that address");
        // get: a 404 that is not the API's JSON (a proxy's page for a wrong path prefix) is no missing user
        server.enqueue(new MockResponse.Builder().code(404).addHeader("Content-Type", "text/html")
                .body("<h1>Not Found</h1>").build());
        CliHarness get = new CliHarness();
        assertThat(get.run("get", "alice", "--url", url())).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(get.err()).startsWith("presence: error: HTTP 404: Not Found (HTTP 404, http_404); no "
                + "Presence API at that address").doesNotContain("not found: alice");
    }

    @Test
    void listReadsStdinAndPrintsJson() {
        server.enqueue(batch(presenceJson("alice", "online", null, "n1", 2), ""));
        assertThat(cli.stdin("alice\n").run("list", "-o", "json", "--url", url())).isZero();
        assertThat(cli.json().get("presences").get(0).get("userId").asText()).isEqualTo("alice");
        assertThat(cli.json().get("notFound")).isEmpty();
        assertThat(cli.err()).as("piped ids need no hint").isEmpty();
    }

    @Test
    void listOnATerminalSaysHowToEndTheIds() {
        server.enqueue(batch(presenceJson("alice", "online", null, "n1", 2), ""));
        CliHarness typed = new CliHarness().typed("alice\n");
        assertThat(typed.run("list", "--url", url())).isZero();
        assertThat(typed.err()).isEqualTo("presence: reading user ids from stdin, one per line; end with Ctrl-D "
                + "(or give --file)\n");
        assertThat(typed.out()).contains("alice");
    }

    @Test
    void listWithoutIdsOrMatches() {
        assertThat(cli.stdin("\n").run("list", "--url", url())).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("no user ids given");
        server.enqueue(batch("", "\"ghost\""));
        CliHarness none = new CliHarness().stdin("ghost\n");
        assertThat(none.run("list", "--url", url())).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(none.out()).isEmpty();
    }

    @Test
    void relativeTimes() {
        Instant now = CliHarness.CLOCK.instant();
        assertThat(Table.ago(now.plusSeconds(5), CliHarness.CLOCK)).isEqualTo("just now");
        assertThat(Table.ago(now.minusSeconds(42), CliHarness.CLOCK)).isEqualTo("42 s ago");
        assertThat(Table.ago(now.minusSeconds(3 * 3600), CliHarness.CLOCK)).isEqualTo("3 h ago");
        assertThat(Table.ago(now.minusSeconds(2 * 86_400), CliHarness.CLOCK)).isEqualTo("2 d ago");
    }
}
