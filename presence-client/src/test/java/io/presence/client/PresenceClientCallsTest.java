package io.presence.client;

import static io.presence.client.Fixtures.error;
import static io.presence.client.Fixtures.json;
import static io.presence.client.Fixtures.presence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.presence.api.ErrorDetail;
import io.presence.api.Presence;
import io.presence.api.PresenceList;
import io.presence.api.PresenceStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class PresenceClientCallsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @StartStop
    private final MockWebServer server = new MockWebServer();

    /** OkHttp's own dispatcher threads are not daemons: a client left open kept the JVM alive 60 s after main(). */
    @Test
    void callsRunOnDaemonThreadsSoAnUnclosedClientLetsTheJvmExit() throws Exception {
        java.util.concurrent.ExecutorService calls = PresenceClient.ownHttp().build().dispatcher().executorService();
        try {
            Thread ranOn = calls.submit(Thread::currentThread).get();

            assertThat(ranOn.getName()).startsWith("presence-client-http-");
            assertThat(ranOn.isDaemon()).isTrue();
        } finally {
            calls.shutdown();
        }
    }

    @Test
    void getReadsThePresenceAndIgnoresUnknownFields() throws Exception {
        server.enqueue(presence("alice", 7));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            Presence presence = client.get("alice").orElseThrow();
            assertThat(presence.status()).isEqualTo(PresenceStatus.ONLINE);
            assertThat(presence.lastSeen()).hasToString("2026-01-01T00:00:00Z");
            assertThat(presence.ttlSeconds()).isEqualTo(60L);
        }
        RecordedRequest request = server.takeRequest();
        assertThat(request.getTarget()).isEqualTo("/api/v2/presence/alice");
        assertThat(request.getHeaders().get("User-Agent")).isEqualTo(PresenceClientOptions.DEFAULT_USER_AGENT);
        assertThat(request.getHeaders().get("If-None-Match")).isNull();
    }

    @Test
    void getOfAnUnknownUserIsEmpty() {
        server.enqueue(Fixtures.userNotFound());
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            assertThat(client.get("nobody")).isEmpty();
        }
    }

    @Test
    void a404ThatIsNotTheApisIsAnErrorNotAMissingUser() {
        server.enqueue(new MockResponse.Builder().code(404).addHeader("Content-Type", "text/html")
                .body("<html><body>404 Not Found</body></html>").build());
        server.enqueue(new MockResponse.Builder().code(404).build());
        server.enqueue(Fixtures.json(404, "{\"code\":\"no_route\",\"message\":\"none\"}"));
        // The node's own 404 for a path it lacks (a base URL with a wrong prefix): not_found, no userId detail.
        server.enqueue(error(404, "not_found"));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            assertThatThrownBy(() -> client.get("alice")).isInstanceOf(PresenceNotFoundException.class)
                    .hasMessage("HTTP 404: 404 Not Found");
            assertThatThrownBy(() -> client.get("alice")).isInstanceOf(PresenceNotFoundException.class)
                    .hasMessage("HTTP 404");
            assertThatThrownBy(() -> client.getAsync("alice").join()).hasCauseInstanceOf(PresenceNotFoundException.class);
            assertThatThrownBy(() -> client.get("alice")).isInstanceOf(PresenceNotFoundException.class)
                    .hasMessage("m-404");
        }
    }

    @Test
    void conditionalGetReturnsTheCachedPresenceOn304() throws Exception {
        server.enqueue(presence("alice", 7));
        server.enqueue(new MockResponse.Builder().code(304).addHeader("ETag", "\"7\"").build());
        server.enqueue(Fixtures.userNotFound());
        server.enqueue(presence("alice", 8));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            Presence first = client.get("alice").orElseThrow();
            assertThat(client.get("alice")).contains(first);
            assertThat(client.get("alice")).isEmpty();
            assertThat(client.get("alice")).get().extracting(Presence::revision).isEqualTo(8L);
        }
        assertThat(server.takeRequest().getHeaders().get("If-None-Match")).isNull();
        assertThat(server.takeRequest().getHeaders().get("If-None-Match")).isEqualTo("\"7\"");
        assertThat(server.takeRequest().getHeaders().get("If-None-Match")).isEqualTo("\"7\"");
        assertThat(server.takeRequest().getHeaders().get("If-None-Match")).isNull();
    }

    @Test
    void aSetRemembersTheNewEtag() throws Exception {
        server.enqueue(presence("alice", 12));
        server.enqueue(new MockResponse.Builder().code(304).build());
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            Presence stored = client.set("alice", new StatusUpdate(PresenceStatus.BUSY, "call", Duration.ofSeconds(60)));
            assertThat(client.get("alice")).contains(stored);
        }
        assertThat(server.takeRequest().getBody().utf8())
                .isEqualTo("{\"status\":\"busy\",\"message\":\"call\",\"ttlSeconds\":60}");
        assertThat(server.takeRequest().getHeaders().get("If-None-Match")).isEqualTo("\"12\"");
    }

    @Test
    void setShortcutsSendTheStatusAndMessageWithTheServersDefaultTtl() throws Exception {
        server.enqueue(presence("alice", 1));
        server.enqueue(presence("alice", 2));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            client.set("alice", PresenceStatus.AWAY);
            client.set("alice", PresenceStatus.BUSY, "in a call");
        }
        assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"status\":\"away\"}");
        assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"status\":\"busy\",\"message\":\"in a call\"}");
    }

    @Test
    void getManyTakesIdsAtHand() throws Exception {
        server.enqueue(json(200, "{\"presences\":[" + Fixtures.presenceJson("alice", "online", 1)
                + "],\"notFound\":[\"bob\"]}"));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            PresenceList list = client.getMany("alice", "bob");
            assertThat(list.notFound()).containsExactly("bob");
        }
        assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"userIds\":[\"alice\",\"bob\"]}");
    }

    /** A node with {@code auth.publicReads: false} refuses reads without one (the stream: PresenceWatchTest). */
    @Test
    void readsSendTheToken() throws Exception {
        server.enqueue(presence("alice", 1));
        server.enqueue(json(200, "{\"presences\":[],\"notFound\":[\"bob\"]}"));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).token("reader").build())) {
            client.get("alice");
            client.getMany("bob");
        }
        for (String target : List.of("/api/v2/presence/alice", "/api/v2/presence/batch")) {
            RecordedRequest request = server.takeRequest();
            assertThat(request.getTarget()).isEqualTo(target);
            assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer reader");
        }
    }

    @Test
    void anUpdateNoServerAcceptsIsRefusedWhenBuilt() {
        assertThatThrownBy(() -> new StatusUpdate(null, null, null))
                .isInstanceOfSatisfying(PresenceInvalidInputException.class, e -> assertThat(e.field()).isEqualTo("status"));
        assertThatThrownBy(() -> StatusUpdate.of(PresenceStatus.ONLINE, "a\tb"))
                .isInstanceOfSatisfying(PresenceInvalidInputException.class, e -> assertThat(e.field()).isEqualTo("message"));
        assertThatThrownBy(() -> StatusUpdate.of(PresenceStatus.ONLINE).withTtl(Duration.ofMillis(2500)))
                .isInstanceOf(PresenceInvalidInputException.class).hasMessage("ttl must be whole seconds (was PT2.5S)");
        assertThatThrownBy(() -> StatusUpdate.of(PresenceStatus.ONLINE).withTtl(Duration.ofDays(2)))
                .isInstanceOf(PresenceInvalidInputException.class).hasMessage("ttl must be 1-86400 seconds (was PT48H)");
        assertThat(StatusUpdate.of(PresenceStatus.ONLINE).withTtl(Duration.ofHours(24)).ttl()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void theServersRefusalOfContentIsAValidationException() {
        server.enqueue(Fixtures.error(400, "invalid_request"));
        server.enqueue(Fixtures.error(422, "validation_failed"));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            assertThatThrownBy(() -> client.get("alice")).isInstanceOfSatisfying(PresenceValidationException.class,
                    e -> assertThat(e.status()).isEqualTo(400));
            assertThatThrownBy(() -> client.set("alice", PresenceStatus.ONLINE))
                    .isInstanceOfSatisfying(PresenceValidationException.class, e -> {
                        assertThat(e.status()).isEqualTo(422);
                        assertThat(e.code()).isEqualTo("validation_failed");
                    });
        }
    }

    @Test
    void disabledEtagCacheSendsNoIfNoneMatch() throws Exception {
        server.enqueue(presence("alice", 7));
        server.enqueue(presence("alice", 7));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).etagCacheSize(0).build())) {
            client.get("alice");
            client.get("alice");
        }
        server.takeRequest();
        assertThat(server.takeRequest().getHeaders().get("If-None-Match")).isNull();
    }

    @Test
    void setIfMatchSendsTheRevisionAndMaps412ToConflict() throws Exception {
        server.enqueue(error(412, "precondition_failed"));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            assertThatThrownBy(() -> client.setIfMatch("alice", StatusUpdate.of(PresenceStatus.AWAY), 41))
                    .isInstanceOf(PresenceConflictException.class).hasMessage("m-412");
        }
        assertThat(server.takeRequest().getHeaders().get("If-Match")).isEqualTo("\"41\"");
    }

    @Test
    void aRevisionBelowOneIsRefusedBeforeAnyCall() {
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            for (long revision : new long[] {-1, 0}) {
                assertThatThrownBy(() -> client.setIfMatch("alice", StatusUpdate.of(PresenceStatus.AWAY), revision))
                        .isInstanceOf(PresenceInvalidInputException.class)
                        .hasMessage("revision must be 1 or more, a revision read from the server (was " + revision
                                + "); to write only while the user has none, use setIfAbsent");
            }
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void setIfAbsentSendsIfNoneMatchStarAndMaps412ToConflict() throws Exception {
        server.enqueue(error(412, "precondition_failed"));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            assertThatThrownBy(() -> client.setIfAbsent("alice", StatusUpdate.of(PresenceStatus.AWAY)))
                    .isInstanceOf(PresenceConflictException.class).hasMessage("m-412");
        }
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("PUT");
        assertThat(request.getHeaders().get("If-None-Match")).isEqualTo("*");
        assertThat(request.getHeaders().get("If-Match")).isNull();
    }

    @Test
    void mapsStatusesToTypedExceptions() {
        server.enqueue(error(401, "unauthorized"));
        server.enqueue(error(403, "forbidden"));
        server.enqueue(json(422, """
                {"code":"validation_failed","message":"Request body breaks a limit",\
                "details":[{"field":"ttlSeconds","message":"too long"}]}"""));
        server.enqueue(error(404, "not_found"));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            StatusUpdate update = StatusUpdate.of(PresenceStatus.ONLINE);
            assertThatThrownBy(() -> client.set("a", update)).isInstanceOf(PresenceUnauthorizedException.class);
            assertThatThrownBy(() -> client.set("a", update)).isInstanceOf(PresenceForbiddenException.class);
            assertThatThrownBy(() -> client.set("a", update)).isInstanceOfSatisfying(PresenceApiException.class, e -> {
                assertThat(e.status()).isEqualTo(422);
                assertThat(e.code()).isEqualTo("validation_failed");
                assertThat(e.details()).containsExactly(new ErrorDetail("ttlSeconds", "too long"));
            });
            assertThatThrownBy(() -> client.set("a", update)).isInstanceOf(PresenceNotFoundException.class);
        }
    }

    /**
     * OkHttp follows a 301 or 302 of a PUT as a GET: a proxy that redirects http to https would have
     * turned every write into a read of the old presence, reported as written. No redirect is followed.
     */
    @Test
    void aRedirectIsAnErrorNamingWhereItPointsNeverFollowed() throws Exception {
        for (int code : new int[] {301, 302, 303, 307, 308}) {
            server.enqueue(new MockResponse.Builder().code(code)
                    .addHeader("Location", "https://presence.example.com/api/v2/presence/alice").build());
        }
        server.enqueue(presence("alice", 3));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            StatusUpdate update = StatusUpdate.of(PresenceStatus.BUSY);
            assertThatThrownBy(() -> client.set("alice", update)).isInstanceOfSatisfying(PresenceApiException.class,
                    e -> {
                        assertThat(e.status()).isEqualTo(301);
                        assertThat(e.code()).isEqualTo("http_301");
                        assertThat(e.getMessage()).isEqualTo("HTTP 301: redirected to "
                                + "https://presence.example.com/api/v2/presence/alice; set the base URL to where the "
                                + "API is (the SDK follows no redirects)");
                    });
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> client.get("alice")).isInstanceOf(PresenceApiException.class)
                        .hasMessageContaining("redirected to https://presence.example.com/");
            }
        }
        assertThat(server.getRequestCount()).isEqualTo(5);
        assertThat(server.takeRequest().getMethod()).isEqualTo("PUT");
    }

    /**
     * A base URL that reaches a file server or a rogue node may answer without end: the client reads at
     * most {@link RequestPipeline#MAX_BODY_BYTES} (a batch of 1000 presences is under 2 MB) instead of
     * running the application out of memory, and does not ask again.
     */
    @Test
    void aBodyOverTheLimitFailsTheCallInsteadOfFillingTheHeap() {
        okio.Buffer huge = new okio.Buffer();
        huge.write(new byte[RequestPipeline.MAX_BODY_BYTES + 1]);
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body(huge).build());
        server.enqueue(new MockResponse.Builder().code(502).body(new okio.Buffer().write(
                new byte[RequestPipeline.MAX_BODY_BYTES + 1])).build());
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            assertThatThrownBy(() -> client.get("alice")).isInstanceOf(PresenceTransportException.class)
                    .hasMessageEndingWith("/... answered a body over 8 MiB (8388608 bytes), more than any Presence "
                            + "API answer: check the base URL");
            assertThatThrownBy(() -> client.get("alice")).isInstanceOf(PresenceTransportException.class)
                    .hasMessageContaining("answered a body over 8 MiB");
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aNonJsonErrorBodyStillGivesTheStatus() {
        server.enqueue(new MockResponse.Builder().code(500).body("<html>proxy failure</html>").build());
        server.enqueue(new MockResponse.Builder().code(500).build());
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            assertThatThrownBy(() -> client.get("a")).isInstanceOfSatisfying(PresenceApiException.class, e -> {
                assertThat(e.status()).isEqualTo(500);
                assertThat(e.code()).isEqualTo("http_500");
                assertThat(e.getMessage()).contains("proxy failure");
                assertThat(e.details()).isEmpty();
            });
            assertThatThrownBy(() -> client.get("a")).isInstanceOfSatisfying(PresenceApiException.class,
                    e -> assertThat(e.getMessage()).isEqualTo("HTTP 500"));
        }
    }

    /** A proxy's error page reads as its title, on one line: the message is for a log line or a terminal. */
    @Test
    void aProxysErrorPageIsToldByItsTitleOnOneLine() {
        server.enqueue(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html").body("""
                <html>
                <head><title>502 Bad Gateway</title></head>
                <body>
                <center><h1>502 Bad Gateway</h1></center>
                <hr><center>nginx/1.18.0</center>
                </body>
                </html>
                """).build());
        server.enqueue(new MockResponse.Builder().code(500).body("<!DOCTYPE html><html><head><style>p { x: 1 }</style>"
                + "<script>var a = 1;</script></head><body><p>upstream\n  timed out</p></body></html>").build());
        server.enqueue(new MockResponse.Builder().code(500).body("line one\r\n\tline two " + "x".repeat(300)).build());
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).retryPolicy(RetryPolicy.NONE)
                .build())) {
            assertThatThrownBy(() -> client.get("a")).hasMessage("HTTP 502: 502 Bad Gateway");
            assertThatThrownBy(() -> client.get("a")).hasMessage("HTTP 500: upstream timed out");
            assertThatThrownBy(() -> client.get("a")).hasMessage("HTTP 500: line one line two " + "x".repeat(182));
        }
    }

    @Test
    void aMalformedSuccessBodyIsATransportExceptionNotANullPointer() {
        server.enqueue(json(200, "{\"userId\": tru"));
        server.enqueue(json(200, ""));
        server.enqueue(json(200, "{\"userId\":\"a\",\"status\":\"sleeping\"}"));
        server.enqueue(json(200, "[]"));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            assertThatThrownBy(() -> client.get("a")).isInstanceOf(PresenceTransportException.class)
                    .hasMessageStartingWith("server answered 200 with a body that is not a Presence "
                            + "(Content-Type application/json): Unrecognized token 'tru'");
            assertThatThrownBy(() -> client.get("a")).isInstanceOf(PresenceTransportException.class)
                    .hasMessageEndingWith("that is not a Presence (Content-Type application/json): empty body");
            assertThatThrownBy(() -> client.get("a")).isInstanceOf(PresenceTransportException.class)
                    .hasMessageContaining("missing updatedAt, nodeId, revision");
            assertThatThrownBy(() -> client.get("a")).isInstanceOf(PresenceTransportException.class)
                    .hasMessageEndingWith(": not a JSON object");
        }
    }

    @Test
    void aSuccessBodyWithoutRequiredFieldsIsMalformed() {
        server.enqueue(json(200, "{}"));
        server.enqueue(json(200, "{\"userId\":null,\"status\":null}"));
        server.enqueue(json(200, "{}"));
        server.enqueue(json(200, "{\"presences\":[" + Fixtures.presenceJson("a", "online", 1) + ",{}],\"notFound\":[]}"));
        server.enqueue(json(200, "{\"presences\":[]}"));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            assertThatThrownBy(() -> client.get("a")).isInstanceOf(PresenceTransportException.class)
                    .hasMessage("server answered 200 with a body that is not a Presence (Content-Type application/json): "
                            + "missing userId, status, updatedAt, nodeId, revision");
            assertThatThrownBy(() -> client.get("a")).isInstanceOf(PresenceTransportException.class)
                    .hasMessageEndingWith(": missing userId, status, updatedAt, nodeId, revision");
            assertThatThrownBy(() -> client.set("a", StatusUpdate.of(PresenceStatus.ONLINE)))
                    .isInstanceOf(PresenceTransportException.class).hasMessageContaining("not a Presence");
            assertThatThrownBy(() -> client.getMany(List.of("a", "b"))).isInstanceOf(PresenceTransportException.class)
                    .hasMessageEndingWith("not a PresenceList (Content-Type application/json): presences[1] missing "
                            + "userId, status, updatedAt, nodeId, revision");
            assertThatThrownBy(() -> client.getMany(List.of("a"))).isInstanceOf(PresenceTransportException.class)
                    .hasMessageEndingWith(": missing notFound");
        }
    }

    @Test
    void anHtmlSuccessBodyIsOneShortLine() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html")
                .body("<html><body>captive portal</body></html>").build());
        server.enqueue(new MockResponse.Builder().code(200).body("{\"userId\":").build());
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            assertThatThrownBy(() -> client.get("a")).isInstanceOf(PresenceTransportException.class)
                    .hasMessage("server answered 200 with a body that is not a Presence (Content-Type text/html): "
                            + "Unexpected character ('<' (code 60)): expected a valid value (JSON String, Number, "
                            + "Array, Object or token 'null', 'true' or 'false')");
            assertThatThrownBy(() -> client.get("a")).isInstanceOf(PresenceTransportException.class)
                    .hasMessageStartingWith("server answered 200 with a body that is not a Presence (Content-Type none): ")
                    .hasMessageNotContaining("\n").hasMessageNotContaining("Source");
        }
    }

    @Test
    void asyncCallsFailTheFutureWithTheTypedException() {
        server.enqueue(error(401, "unauthorized"));
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            assertThatThrownBy(() -> client.clearAsync("a").join()).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(PresenceUnauthorizedException.class);
        }
    }

    @Test
    void rejectsInvalidUserIdsBeforeSending() {
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            assertThatThrownBy(() -> client.get("a/b")).isInstanceOfSatisfying(PresenceInvalidInputException.class,
                    e -> assertThat(e.field()).isEqualTo("userId"));
            assertThatThrownBy(() -> client.getMany(List.of("ok", "batch")))
                    .isInstanceOf(PresenceInvalidInputException.class);
            assertThatThrownBy(() -> client.getMany((String[]) null)).isInstanceOf(PresenceInvalidInputException.class)
                    .hasMessage("userIds is required");
            assertThatThrownBy(() -> client.setAsync("ok", null)).isInstanceOf(PresenceInvalidInputException.class)
                    .hasMessage("update is required");
            assertThatThrownBy(() -> client.watch(List.of(), presence -> { }))
                    .isInstanceOfSatisfying(PresenceInvalidInputException.class,
                            e -> assertThat(e.field()).isEqualTo("userIds"));
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void chunksLongListsAndMergesInRequestOrder() {
        server.setDispatcher(new Fixtures.Recording(PresenceClientCallsTest::answerBatch));
        List<String> ids = new ArrayList<>(IntStream.range(0, 2500).mapToObj(i -> "u" + i).toList());
        ids.add("u3"); // a duplicate is asked once
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            PresenceList list = client.getMany(ids);
            assertThat(list.presences()).extracting(Presence::userId)
                    .containsExactlyElementsOf(IntStream.range(0, 2500).filter(i -> i % 2 == 0)
                            .mapToObj(i -> "u" + i).toList());
            assertThat(list.notFound()).containsExactlyElementsOf(IntStream.range(0, 2500).filter(i -> i % 2 == 1)
                    .mapToObj(i -> "u" + i).toList());
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void anEmptyListNeedsNoRequest() {
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            assertThat(client.getMany(List.of())).isEqualTo(new PresenceList(List.of(), List.of()));
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void leavesACallerSuppliedHttpClientRunning() {
        server.enqueue(presence("alice", 1));
        OkHttpClient mine = new OkHttpClient();
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).httpClient(mine).build())) {
            assertThat(client.get("alice")).isPresent();
        }
        assertThat(mine.dispatcher().executorService().isShutdown()).isFalse();
        mine.dispatcher().executorService().shutdown();
    }

    @Test
    void aSuppliedTokenNoHeaderMayCarryFailsTheCallWithoutSendingIt() {
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).tokenSupplier(() -> "tok\n").build())) {
            assertThatThrownBy(() -> client.get("alice")).isInstanceOf(PresenceInvalidInputException.class)
                    .hasMessage("token from tokenSupplier must be printable ASCII, "
                            + "found 0x0a at index 3 of 4");
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void anEmptySuppliedTokenFailsTheCallInsteadOfSendingAnEmptyBearer() {
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).tokenSupplier(() -> "").build())) {
            assertThatThrownBy(() -> client.get("alice")).isInstanceOf(PresenceInvalidInputException.class)
                    .hasMessage("token from tokenSupplier is empty (give none for "
                            + "unauthenticated calls)");
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void callsWatchesAndHeartbeatsAfterCloseThrowClientIsClosed() {
        OkHttpClient mine = new OkHttpClient();
        PresenceClient client = PresenceClient.create(Fixtures.options(server).retryPolicy(RetryPolicy.NONE)
                .httpClient(mine).build());
        client.close();
        assertThatThrownBy(() -> client.get("alice")).isExactlyInstanceOf(PresenceException.class)
                .hasMessage("client is closed");
        assertThatThrownBy(() -> client.getManyAsync(List.of("alice")).join()).isInstanceOf(CompletionException.class)
                .cause().hasMessage("client is closed");
        assertThatThrownBy(() -> client.watch(List.of("alice"), presence -> { }))
                .isExactlyInstanceOf(PresenceException.class).hasMessage("client is closed");
        assertThatThrownBy(() -> client.heartbeat("alice", PresenceStatus.ONLINE, null, Duration.ofSeconds(5)))
                .isExactlyInstanceOf(PresenceException.class).hasMessage("client is closed");
        assertThat(server.getRequestCount()).isZero(); // the caller's OkHttp client would still have sent them
        mine.dispatcher().executorService().shutdown();
    }

    private static MockResponse answerBatch(RecordedRequest request) {
        try {
            JsonNode ids = JSON.readTree(request.getBody().utf8()).get("userIds");
            StringBuilder found = new StringBuilder();
            StringBuilder missing = new StringBuilder();
            for (JsonNode id : ids) {
                String user = id.asText();
                if (Integer.parseInt(user.substring(1)) % 2 == 0) {
                    found.append(found.length() == 0 ? "" : ",").append(Fixtures.presenceJson(user, "online", 1));
                } else {
                    missing.append(missing.length() == 0 ? "" : ",").append('"').append(user).append('"');
                }
            }
            if (ids.size() > 1000) {
                return error(422, "validation_failed");
            }
            return json(200, "{\"presences\":[" + found + "],\"notFound\":[" + missing + "]}");
        } catch (Exception e) {
            return error(400, "invalid_request");
        }
    }
}
