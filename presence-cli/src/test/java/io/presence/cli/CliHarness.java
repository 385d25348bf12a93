package io.presence.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import mockwebserver3.MockResponse;

/** Runs the CLI in-process with captured stdout/stderr, a fixed clock and a given stdin. */
final class CliHarness {

    /** Three minutes after the fixtures' lastSeen. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:03:00Z"), ZoneOffset.UTC);

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    private InputStream in = new ByteArrayInputStream(new byte[0]);
    private boolean inIsTerminal;
    private Clock clock = CLOCK;
    private Writer stdout = out;

    CliHarness stdin(String text) {
        in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Stdin as a terminal someone types {@code text} into. */
    CliHarness typed(String text) {
        inIsTerminal = true;
        return stdin(text);
    }

    CliHarness clock(Clock value) {
        clock = value;
        return this;
    }

    /** Stdout as a pipe whose reader has gone: every write fails, as after {@code | head -1}. */
    CliHarness closedStdout() {
        stdout = new Writer() {
            @Override
            public void write(char[] chars, int offset, int length) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        return this;
    }

    int run(String... args) {
        return PresenceCli.commandLine(new PresenceCli(clock, in, inIsTerminal))
                .setOut(new PrintWriter(stdout, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    JsonNode json() {
        return parse(out.toString());
    }

    static JsonNode parse(String text) {
        try {
            return CliJson.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String golden(String name) {
        try (InputStream stream = CliHarness.class.getResourceAsStream("/golden/" + name)) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String presenceJson(String userId, String status, String message, String node, long revision) {
        return """
                {"userId":"%s","status":"%s",%s"lastSeen":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:01Z",\
                "nodeId":"%s","revision":%d}"""
                .formatted(userId, status, message == null ? "" : "\"message\":\"" + message + "\",", node, revision);
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    /** The API's answer for a user without presence (what {@code GET /{userId}} answers). */
    static MockResponse userNotFound() {
        return json(404, "{\"code\":\"not_found\",\"message\":\"no presence for user 'x'\","
                + "\"details\":[{\"field\":\"userId\",\"message\":\"has no presence\"}]}");
    }

    static MockResponse error(int code, String errorCode) {
        return json(code, "{\"code\":\"" + errorCode + "\",\"message\":\"m-" + code + "\",\"details\":[]}");
    }

    /** A URL on which nothing listens. */
    static String refusedUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
