package io.presence.client;

import static io.presence.client.Fixtures.error;
import static io.presence.client.Fixtures.json;
import static io.presence.client.Fixtures.presenceJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.presence.api.ErrorDetail;
import io.presence.api.ImportResult;
import io.presence.api.Presence;
import io.presence.api.PresenceLimits;
import io.presence.api.PresenceStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class PresenceClientBackupTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private PresenceClient client() {
        return PresenceClient.create(Fixtures.options(server).token("admin-jwt").build());
    }

    private static MockResponse lines(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-ndjson").body(body).build();
    }

    private static Presence presence(String userId) {
        return new Presence(userId, PresenceStatus.AWAY, "msg " + userId, AT, AT.plusMillis(5), AT.plusSeconds(60),
                60L, "center-1", 9);
    }

    @Test
    void exportReadsEveryLineAsItArrives() throws Exception {
        server.enqueue(lines(presenceJson("alice", "online", 1) + "\n\n" + presenceJson("bob", "busy", 2) + "\n"));
        try (PresenceClient client = client(); Stream<Presence> all = client.exportAll()) {
            assertThat(all.map(p -> p.userId() + "@" + p.revision())).containsExactly("alice@1", "bob@2");
        }
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getTarget()).isEqualTo("/api/v2/presence/export");
        assertThat(request.getHeaders().get("Accept")).isEqualTo("application/x-ndjson");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer admin-jwt");
    }

    @Test
    void anEmptyExportHasNoPresences() {
        server.enqueue(lines(""));
        try (PresenceClient client = client(); Stream<Presence> all = client.exportAll()) {
            assertThat(all).isEmpty();
        }
    }

    /** A proxy's or a wrong URL's empty page is not an export of nothing. */
    @Test
    void anAnswerThatIsNotAnExportFails() {
        server.enqueue(new MockResponse.Builder().code(204).build());
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html").body("").build());
        server.enqueue(new MockResponse.Builder().code(200).body("").build());
        try (PresenceClient client = client()) {
            assertThatThrownBy(client::exportAll).isInstanceOf(PresenceTransportException.class)
                    .hasMessage("GET /api/v2/presence/export answered 204 with no Content-Type, not an export"
                            + " (application/x-ndjson): check the base URL");
            assertThatThrownBy(client::exportAll).isInstanceOf(PresenceTransportException.class)
                    .hasMessageContaining("answered 200 with Content-Type text/html, not an export");
            assertThatThrownBy(client::exportAll).isInstanceOf(PresenceTransportException.class)
                    .hasMessageContaining("answered 200 with no Content-Type");
        }
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "Application/X-NDJSON; charset=utf-8")
                .body(presenceJson("alice", "online", 1) + "\n").build());
        try (PresenceClient client = client(); Stream<Presence> all = client.exportAll()) {
            assertThat(all).hasSize(1);
        }
    }

    @Test
    void theExportIsAnIteratorUnderneath() {
        server.enqueue(lines(presenceJson("alice", "online", 1) + "\n"));
        try (PresenceClient client = client(); Stream<Presence> all = client.exportAll()) {
            Iterator<Presence> iterator = all.iterator();
            assertThat(iterator.next().userId()).isEqualTo("alice");
            assertThat(iterator.hasNext()).isFalse();
            assertThatThrownBy(iterator::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void openingTheExportIsRetriedAndItsRefusalsAreTheApis() {
        server.enqueue(error(503, "unavailable"));
        server.enqueue(lines(presenceJson("alice", "online", 1) + "\n"));
        server.enqueue(error(403, "forbidden"));
        server.enqueue(error(401, "unauthorized"));
        try (PresenceClient client = client()) {
            try (Stream<Presence> all = client.exportAll()) {
                assertThat(all).hasSize(1);
            }
            assertThatThrownBy(client::exportAll).isInstanceOf(PresenceForbiddenException.class);
            assertThatThrownBy(client::exportAll).isInstanceOf(PresenceUnauthorizedException.class);
        }
    }

    /**
     * A node that takes the connection but does not answer holds an attempt for the call's read timeout, not for
     * the stream's (45 s, as long as an export may pause once it is open), then the export is tried again.
     */
    @Test
    void anExportThatDoesNotOpenWithinTheReadTimeoutIsGivenUpAndRetried() {
        MockResponse silent = lines("").newBuilder().headersDelay(30, TimeUnit.SECONDS).build();
        server.enqueue(silent);
        server.enqueue(lines(presenceJson("alice", "online", 1) + "\n"));
        server.enqueue(silent);
        server.enqueue(silent);
        server.enqueue(silent);
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).token("admin-jwt")
                .readTimeout(Duration.ofMillis(300)).build())) {
            assertThat(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> drain(client))).isEqualTo(1);

            assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(20), () -> drain(client)))
                    .isInstanceOf(PresenceTransportException.class)
                    .hasMessage("GET " + server.url("/") + "... failed: no answer in time (not opened within 300ms)");
        }
        assertThat(server.getRequestCount()).isEqualTo(5);
    }

    /** Once the export is open, a pause longer than the read timeout is the node scanning on, no failure. */
    @Test
    void anOpenExportMayPauseLongerThanTheReadTimeout() {
        server.enqueue(lines(presenceJson("alice", "online", 1) + "\n").newBuilder()
                .bodyDelay(1, TimeUnit.SECONDS).build());
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).token("admin-jwt")
                .readTimeout(Duration.ofMillis(300)).build())) {
            assertThat(drain(client)).isEqualTo(1);
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anExportThatDidNotArriveWholeFails() {
        server.enqueue(lines(presenceJson("alice", "online", 1) + "\n{\"userId\":\"bob\""));
        server.enqueue(lines(presenceJson("alice", "online", 1) + "\n<html>\n"));
        server.enqueue(lines("{\"userId\":\"x\",\"status\":\"online\"}\n"));
        server.enqueue(lines("x".repeat((int) ExportReader.MAX_LINE_BYTES + 10)));
        try (PresenceClient client = client()) {
            assertThatThrownBy(() -> drain(client)).isInstanceOf(PresenceTransportException.class)
                    .hasMessageContaining("ended in the middle of a line after 1 presences");
            assertThatThrownBy(() -> drain(client)).isInstanceOf(PresenceTransportException.class)
                    .hasMessageContaining("not a Presence after 1 presences");
            assertThatThrownBy(() -> drain(client)).isInstanceOf(PresenceTransportException.class)
                    .hasMessageContaining("missing updatedAt, nodeId, revision");
            assertThatThrownBy(() -> drain(client)).isInstanceOf(PresenceTransportException.class)
                    .hasMessageContaining("a line over 1048576 bytes");
        }
    }

    private static long drain(PresenceClient client) {
        try (Stream<Presence> all = client.exportAll()) {
            return all.count();
        }
    }

    @Test
    void importBatchSendsJsonLines() throws Exception {
        server.enqueue(json(200, "{\"imported\":1,\"skipped\":1}"));
        try (PresenceClient client = client()) {
            assertThat(client.importBatch(List.of(presence("alice"), presence("bob")))).isEqualTo(new ImportResult(1, 1));
        }
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getTarget()).isEqualTo("/api/v2/presence/import");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/x-ndjson");
        String body = request.getBody().utf8();
        assertThat(body.lines()).hasSize(2);
        assertThat(body).startsWith("{\"userId\":\"alice\",\"status\":\"away\",\"message\":\"msg alice\","
                + "\"lastSeen\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00.005Z\"").endsWith("}\n");
    }

    @Test
    void importBatchOfNothingSendsNothing() {
        try (PresenceClient client = client()) {
            assertThat(client.importBatch(List.of())).isEqualTo(new ImportResult(0, 0));
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void importBatchRefusesWhatCannotBeOneRequest() {
        List<Presence> many = IntStream.range(0, 1000).mapToObj(i -> presence("user-" + i)).toList();
        try (PresenceClient client = client()) {
            assertThatThrownBy(() -> client.importBatch(many)).isInstanceOf(PresenceInvalidInputException.class)
                    .hasMessageContaining("use importAll");
            assertThatThrownBy(() -> client.importBatch(List.of(presence("export"))))
                    .isInstanceOf(PresenceInvalidInputException.class).hasMessageContaining("reserved");
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void importAllSendsRequestsOfAtMostTheBodyLimitAndAddsUp() throws Exception {
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                long lines = request.getBody().utf8().lines().count();
                return json(200, "{\"imported\":" + (lines - 1) + ",\"skipped\":1}");
            }
        });
        List<Presence> many = IntStream.range(0, 2000).mapToObj(i -> presence("user-" + i)).toList();
        List<ImportResult> progress = new ArrayList<>();
        ImportResult total;
        try (PresenceClient client = client()) {
            total = client.importAll(many.iterator(), progress::add);
        }

        int requests = server.getRequestCount();
        assertThat(requests).isGreaterThan(PresenceClient.IMPORT_IN_FLIGHT);
        assertThat(total).isEqualTo(new ImportResult(2000 - requests, requests));
        assertThat(progress).hasSize(requests).last().isEqualTo(total);
        long lines = 0;
        for (int i = 0; i < requests; i++) {
            byte[] body = server.takeRequest().getBody().toByteArray();
            assertThat(body.length).isLessThanOrEqualTo(PresenceLimits.MAX_BODY_BYTES);
            lines += new String(body, StandardCharsets.UTF_8).lines().count();
        }
        assertThat(lines).isEqualTo(2000);
    }

    /** The node numbers the lines of one request; a caller wants the place among all the presences it gave. */
    @Test
    void aRefusalNamesThePresencesByTheirPlaceInTheWholeImport() {
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String body = request.getBody().utf8();
                if (body.contains("\"user-1500\"")) {
                    int line = (int) body.lines().takeWhile(l -> !l.contains("\"user-1500\"")).count() + 1;
                    return json(422, "{\"code\":\"validation_failed\",\"message\":\"1 invalid line in the import;"
                            + " nothing was stored\",\"details\":[{\"field\":\"line " + line + "\",\"message\":\"bad\"}]}");
                }
                return json(200, "{\"imported\":" + body.lines().count() + ",\"skipped\":0}");
            }
        });
        List<Presence> many = IntStream.range(0, 2000).mapToObj(i -> presence("user-" + i)).toList();
        try (PresenceClient client = client()) {
            assertThatThrownBy(() -> client.importAll(many.iterator(), p -> { }))
                    .isInstanceOf(PresenceValidationException.class)
                    .satisfies(e -> assertThat(((PresenceApiException) e).details())
                            .containsExactly(new ErrorDetail("presence 1501", "bad")));
        }
    }

    @Test
    void importAllStopsAtTheFirstRefusal() {
        server.enqueue(json(422, "{\"code\":\"validation_failed\",\"message\":\"1 invalid line\",\"details\":"
                + "[{\"field\":\"line 1\",\"message\":\"ttlSeconds must be at least 1\"}]}"));
        try (PresenceClient client = client()) {
            assertThatThrownBy(() -> client.importAll(List.of(presence("alice")).iterator(), p -> { }))
                    .isInstanceOf(PresenceApiException.class).hasMessageStartingWith("1 invalid line (of the request"
                            + " from presence 1 on;")
                    .satisfies(e -> assertThat(((PresenceApiException) e).details()).containsExactly(
                            new ErrorDetail("presence 1", "ttlSeconds must be at least 1")));
            assertThat(client.importAll(List.<Presence>of().iterator(), p -> { })).isEqualTo(new ImportResult(0, 0));
        }
    }
}
