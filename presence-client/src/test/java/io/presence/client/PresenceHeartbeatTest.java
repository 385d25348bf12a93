package io.presence.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.presence.api.Presence;
import io.presence.api.PresenceLimits;
import io.presence.api.PresenceStatus;
import io.presence.api.Visibility;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PresenceHeartbeatTest {

    @StartStop
    private final MockWebServer server = new MockWebServer();

    /** What the heartbeat logs, through java.util.logging (the System.Logger default). */
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Logger log = Logger.getLogger(PresenceHeartbeat.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getLevel() + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Every listener call, in order. */
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final HeartbeatListener listener = new HeartbeatListener() {
        @Override
        public void onFailure(PresenceException error, Duration retryIn) {
            heard.add("failure " + error.getClass().getSimpleName() + " retryIn>0=" + !retryIn.isZero());
        }

        @Override
        public void onRecovered(Presence presence) {
            heard.add("recovered " + presence.revision());
        }

        @Override
        public void onStopped(PresenceException error) {
            heard.add("stopped " + error.getClass().getSimpleName());
        }
    };

    private Level levelBefore;

    @BeforeEach
    void captureLog() {
        // A node started in this JVM before (the ITs) turns java.util.logging to WARN: say what this test hears.
        levelBefore = log.getLevel();
        log.setLevel(Level.ALL);
        log.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        log.removeHandler(capture);
        log.setLevel(levelBefore);
    }

    private PresenceClient client() {
        return PresenceClient.create(Fixtures.options(server).retryPolicy(RetryPolicy.NONE).build());
    }

    @Test
    void theFirstBeatIsWrittenBeforeHeartbeatReturns() {
        server.enqueue(Fixtures.presence("alice", 1));
        try (PresenceClient client = client()) {
            PresenceHeartbeat heartbeat = client.heartbeat("alice", PresenceStatus.BUSY, "focus", Duration.ofSeconds(60));
            assertThat(server.getRequestCount()).isEqualTo(1);
            assertThat(heartbeat.lastPresence()).get().extracting(Presence::revision).isEqualTo(1L);
            assertThat(heartbeat.state()).isEqualTo(PresenceHeartbeat.State.RUNNING);
            assertThat(heartbeat.userId()).isEqualTo("alice");
            server.enqueue(Fixtures.presence("alice", 2));
        }
    }

    @Test
    void aRefusedTokenFailsTheHeartbeatCallItself() {
        server.enqueue(Fixtures.error(401, "unauthorized"));
        server.enqueue(Fixtures.error(403, "forbidden"));
        try (PresenceClient client = client()) {
            assertThatThrownBy(() -> client.heartbeat("alice", PresenceStatus.ONLINE, null, Duration.ofSeconds(60)))
                    .isInstanceOf(PresenceUnauthorizedException.class);
            assertThatThrownBy(() -> client.heartbeat("alice", PresenceStatus.ONLINE, null, Duration.ofSeconds(60)))
                    .isInstanceOf(PresenceForbiddenException.class);
        }
        assertThat(server.getRequestCount()).isEqualTo(2); // and no offline write: nothing was started
    }

    /** The case: 2 s against a server whose minimum is 5 s used to fail every beat, silently. */
    @Test
    void aTtlTheServerRefusesFailsTheHeartbeatCallItself() {
        server.enqueue(Fixtures.json(422, "{\"code\":\"validation_failed\",\"message\":\"ttlSeconds must be between "
                + "5 and 86400 seconds\",\"details\":[{\"field\":\"ttlSeconds\",\"message\":\"must be between 5 and 86400 "
                + "seconds\"}]}"));
        try (PresenceClient client = client()) {
            assertThatThrownBy(() -> client.heartbeat("alice", PresenceStatus.ONLINE, null, Duration.ofSeconds(2)))
                    .isInstanceOfSatisfying(PresenceValidationException.class, e -> {
                        assertThat(e.status()).isEqualTo(422);
                        assertThat(e.details()).singleElement().satisfies(d -> assertThat(d.field()).isEqualTo("ttlSeconds"));
                    });
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aTtlNoServerAcceptsIsRefusedBeforeAnyCall() {
        try (PresenceClient client = client()) {
            for (Duration ttl : List.of(Duration.ZERO, Duration.ofMillis(500), Duration.ofMillis(1500),
                    Duration.ofHours(24).plusSeconds(1), Duration.ofSeconds(-5))) {
                assertThatThrownBy(() -> client.heartbeat("a", PresenceStatus.ONLINE, null, ttl))
                        .isInstanceOfSatisfying(PresenceInvalidInputException.class,
                                e -> assertThat(e.field()).isEqualTo("ttl"));
            }
            assertThatThrownBy(() -> client.heartbeat("a", PresenceStatus.ONLINE, null, null))
                    .isInstanceOf(PresenceInvalidInputException.class).hasMessage("ttl is required");
            assertThatThrownBy(() -> client.heartbeat("a", StatusUpdate.of(PresenceStatus.ONLINE), listener))
                    .isInstanceOf(PresenceInvalidInputException.class).hasMessage("ttl is required");
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void rejectsAnOfflineHeartbeatOrABadUserBeforeAnyCall() {
        try (PresenceClient client = client()) {
            assertThatThrownBy(() -> client.heartbeat("a", PresenceStatus.OFFLINE, null, Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(PresenceInvalidInputException.class,
                            e -> assertThat(e.field()).isEqualTo("status"));
            assertThatThrownBy(() -> client.heartbeat("a b", PresenceStatus.ONLINE, null, Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(PresenceInvalidInputException.class,
                            e -> assertThat(e.field()).isEqualTo("userId"));
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void rejectsAMessageNoNodeAcceptsInsteadOfFailingEveryBeat() {
        String emoji = "\uD83D\uDE00"; // one character (code point), two chars in Java
        try (PresenceClient client = client()) {
            assertThatThrownBy(() -> client.heartbeat("a", PresenceStatus.ONLINE, emoji.repeat(257), Duration.ofSeconds(60)))
                    .isInstanceOf(PresenceInvalidInputException.class)
                    .hasMessage("message must be at most 256 characters (was 257)");
            assertThatThrownBy(() -> client.heartbeat("a", PresenceStatus.ONLINE, "in\na call", Duration.ofSeconds(60)))
                    .isInstanceOf(PresenceInvalidInputException.class)
                    .hasMessage("message must not contain control characters (newlines, tabs, ...) or unpaired surrogates");
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void laterTransientFailuresAreReportedRetriedAndRecovered() {
        AtomicInteger beats = new AtomicInteger();
        Fixtures.Recording recording = new Fixtures.Recording(request -> {
            int n = beats.incrementAndGet();
            return n == 2 || n == 3 ? Fixtures.error(503, "unavailable") : Fixtures.presence("alice", n);
        });
        server.setDispatcher(recording);
        try (PresenceClient client = client()) {
            PresenceHeartbeat heartbeat = client.heartbeat("alice", StatusUpdate.of(PresenceStatus.BUSY, "focus")
                    .withTtl(Duration.ofSeconds(1)), listener);
            await().atMost(Duration.ofSeconds(10)).until(() -> heartbeat.state() == PresenceHeartbeat.State.RETRYING);
            assertThat(heartbeat.lastError()).get().isInstanceOf(PresenceUnavailableException.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("recovered 4"));
            assertThat(heartbeat.state()).isEqualTo(PresenceHeartbeat.State.RUNNING);
            assertThat(heartbeat.lastError()).isEmpty();
            assertThat(heartbeat.lastPresence()).get().extracting(Presence::revision).isNotEqualTo(1L);
            heartbeat.close();
            heartbeat.close();
            assertThat(heartbeat.state()).isEqualTo(PresenceHeartbeat.State.CLOSED);
        }
        assertThat(heard).containsSubsequence("failure PresenceUnavailableException retryIn>0=true",
                "failure PresenceUnavailableException retryIn>0=true", "recovered 4");
        assertThat(logged).anyMatch(line -> line.startsWith("WARNING presence heartbeat failed: user=alice failures=1 "))
                .anyMatch(line -> line.startsWith("WARNING presence heartbeat failed: user=alice failures=2 "))
                .contains("INFO presence heartbeat recovered: user=alice failures=2");
        RecordedRequest last = recording.requests.get(recording.requests.size() - 1);
        assertThat(last.getMethod()).isEqualTo("DELETE");
        assertThat(last.getTarget()).startsWith("/api/v2/presence/alice/sessions/hb-")
                .isEqualTo(recording.requests.get(0).getTarget());
        assertThat(recording.requests.get(0).getBody().utf8())
                .isEqualTo("{\"status\":\"busy\",\"message\":\"focus\",\"ttlSeconds\":1}");
    }

    @Test
    void aPermanentErrorStopsTheHeartbeatAndSaysSo() {
        server.enqueue(Fixtures.presence("alice", 1));
        server.enqueue(Fixtures.error(403, "forbidden"));
        try (PresenceClient client = client()) {
            PresenceHeartbeat heartbeat = client.heartbeat("alice", new StatusUpdate(PresenceStatus.ONLINE, null,
                    Duration.ofSeconds(1)), listener);
            await().atMost(Duration.ofSeconds(10)).until(() -> heartbeat.state() == PresenceHeartbeat.State.STOPPED);
            assertThat(heartbeat.lastError()).get().isInstanceOf(PresenceForbiddenException.class);
            // The state turns before the listener hears of it: listeners are told outside the heartbeat's lock.
            await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty());
            assertThat(heard).containsExactly("stopped PresenceForbiddenException");
            assertThat(logged).anyMatch(line -> line.startsWith(
                    "WARNING presence heartbeat stopped, retrying cannot help: user=alice error=m-403"));
            // No more beats: at 1 s a running heartbeat would have beaten twice in this time.
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                    .until(() -> server.getRequestCount() == 2);
            server.enqueue(Fixtures.error(403, "forbidden"));
            heartbeat.close(); // ending the session fails too: logged, not thrown
            assertThat(heartbeat.state()).isEqualTo(PresenceHeartbeat.State.CLOSED);
            assertThat(logged).contains("WARNING presence heartbeat could not end its session, the session lapses at "
                    + "its ttl: user=alice session=" + heartbeat.sessionId() + " error=m-403");
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheHeartbeat() {
        AtomicInteger beats = new AtomicInteger();
        server.setDispatcher(new Fixtures.Recording(request -> beats.incrementAndGet() == 2
                ? Fixtures.error(500, "internal_error") : Fixtures.presence("alice", beats.get())));
        HeartbeatListener throwing = new HeartbeatListener() {
            @Override
            public void onFailure(PresenceException error, Duration retryIn) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (PresenceClient client = client()) {
            PresenceHeartbeat heartbeat = client.heartbeat("alice", new StatusUpdate(PresenceStatus.ONLINE, null,
                    Duration.ofSeconds(1)), throwing);
            await().atMost(Duration.ofSeconds(10)).until(() -> beats.get() >= 3
                    && heartbeat.state() == PresenceHeartbeat.State.RUNNING);
        }
        assertThat(logged).anyMatch(line -> line.startsWith("WARNING presence heartbeat listener failed in onFailure"));
    }

    @Test
    void closingTheClientSetsHeartbeatUsersOffline() {
        server.setDispatcher(new Fixtures.Recording(request -> Fixtures.presence("bob", 1)));
        PresenceClient client = client();
        PresenceHeartbeat heartbeat = client.heartbeat("bob", PresenceStatus.ONLINE, null, Duration.ofSeconds(30));
        client.close();
        client.close(); // idempotent, as the heartbeat's close is
        assertThat(heartbeat.state()).isEqualTo(PresenceHeartbeat.State.CLOSED);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void closeNeverThrowsEvenWhenEndingTheSessionFails() {
        server.enqueue(Fixtures.presence("bob", 1));
        server.enqueue(new MockResponse.Builder().code(500).body("boom").build());
        try (PresenceClient client = client()) {
            PresenceHeartbeat heartbeat = client.heartbeat("bob", PresenceStatus.ONLINE, null, Duration.ofSeconds(30));
            heartbeat.close();
            assertThat(heartbeat.state()).isEqualTo(PresenceHeartbeat.State.CLOSED);
        }
        assertThat(logged).anyMatch(line -> line.contains("could not end its session"));
    }

    /** A close ends the session in one try, whatever the retry policy: it must not hold its caller through it. */
    @Test
    void closeTriesToEndTheSessionOnceEvenWithRetries() {
        server.enqueue(Fixtures.presence("bob", 1));
        for (int i = 0; i < 3; i++) {
            server.enqueue(Fixtures.json(503, "{\"code\":\"unavailable\",\"message\":\"down\",\"details\":[]}"));
        }
        try (PresenceClient client = PresenceClient.create(Fixtures.options(server).build())) {
            PresenceHeartbeat heartbeat = client.heartbeat("bob", PresenceStatus.ONLINE, null, Duration.ofSeconds(30));
            heartbeat.close();
            assertThat(heartbeat.state()).isEqualTo(PresenceHeartbeat.State.CLOSED);
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(logged).anyMatch(line -> line.contains("could not end its session"));
    }

    @Test
    void eachHeartbeatBeatsASessionOfItsOwnAndEndsItOnClose() throws Exception {
        server.setDispatcher(new Fixtures.Recording(request -> Fixtures.presence("alice", 1)));
        String first;
        String second;
        try (PresenceClient client = client()) {
            PresenceHeartbeat one = client.heartbeat("alice", PresenceStatus.ONLINE, null, Duration.ofSeconds(60));
            PresenceHeartbeat two = client.heartbeat("alice", StatusUpdate.of(PresenceStatus.BUSY)
                    .withTtl(Duration.ofSeconds(60)), listener);
            first = one.sessionId();
            second = two.sessionId();
            assertThat(List.of(first, second)).allSatisfy(id -> {
                assertThat(id).matches("hb-[a-z0-9]{12}");
                assertThat(PresenceLimits.isValidUserId(id)).isTrue();
            });
            assertThat(first).isNotEqualTo(second);
            one.close();
            one.close(); // idempotent: one DELETE
        }
        assertThat(requestLine(server.takeRequest())).isEqualTo("PUT /api/v2/presence/alice/sessions/" + first);
        assertThat(requestLine(server.takeRequest())).isEqualTo("PUT /api/v2/presence/alice/sessions/" + second);
        assertThat(requestLine(server.takeRequest())).isEqualTo("DELETE /api/v2/presence/alice/sessions/" + first);
        assertThat(requestLine(server.takeRequest())).isEqualTo("DELETE /api/v2/presence/alice/sessions/" + second);
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void aNamedSessionIsTheOneBeatenAndEnded() throws Exception {
        server.enqueue(Fixtures.presence("alice", 1));
        server.enqueue(Fixtures.presence("alice", 2));
        try (PresenceClient client = client();
             PresenceHeartbeat phone = client.heartbeat("alice", "phone-7f3a", new StatusUpdate(PresenceStatus.AWAY,
                     null, Duration.ofSeconds(60)), listener)) {
            assertThat(phone.sessionId()).isEqualTo("phone-7f3a");
        }
        RecordedRequest beat = server.takeRequest();
        assertThat(requestLine(beat)).isEqualTo("PUT /api/v2/presence/alice/sessions/phone-7f3a");
        assertThat(beat.getBody().utf8()).isEqualTo("{\"status\":\"away\",\"ttlSeconds\":60}");
        assertThat(requestLine(server.takeRequest())).isEqualTo("DELETE /api/v2/presence/alice/sessions/phone-7f3a");
    }

    @Test
    void onlyTheFirstBeatSetsThePrivacySettingsSoLaterBeatsUndoNoChangeMadeElsewhere() throws Exception {
        AtomicInteger beats = new AtomicInteger();
        Fixtures.Recording recording = new Fixtures.Recording(request -> Fixtures.presence("alice",
                beats.incrementAndGet()));
        server.setDispatcher(recording);
        try (PresenceClient client = client();
             PresenceHeartbeat phone = client.heartbeat("alice", "phone", StatusUpdate.of(PresenceStatus.ONLINE)
                     .withTtl(Duration.ofSeconds(1)).withVisibility(Visibility.INVISIBLE).withShareLastSeen(false),
                     listener)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> beats.get() >= 3);
            assertThat(phone.state()).isEqualTo(PresenceHeartbeat.State.RUNNING);
        }
        assertThat(recording.requests.get(0).getBody().utf8()).isEqualTo(
                "{\"status\":\"online\",\"ttlSeconds\":1,\"visibility\":\"invisible\",\"shareLastSeen\":false}");
        assertThat(recording.requests.subList(1, 3)).extracting(request -> request.getBody().utf8())
                .containsOnly("{\"status\":\"online\",\"ttlSeconds\":1}");
    }

    @Test
    void endingASessionThroughTheClientStopsItsHeartbeatThereSoNoBeatStartsItAgain() throws Exception {
        server.setDispatcher(new Fixtures.Recording(request -> Fixtures.presence("alice", 1)));
        try (PresenceClient client = client()) {
            PresenceHeartbeat phone = client.heartbeat("alice", "phone", StatusUpdate.of(PresenceStatus.ONLINE)
                    .withTtl(Duration.ofSeconds(60)), listener);
            PresenceHeartbeat laptop = client.heartbeat("alice", "laptop", StatusUpdate.of(PresenceStatus.BUSY)
                    .withTtl(Duration.ofSeconds(60)), listener);
            PresenceHeartbeat bobs = client.heartbeat("bob", "phone", StatusUpdate.of(PresenceStatus.ONLINE)
                    .withTtl(Duration.ofSeconds(60)), listener);

            client.endSession("alice", "phone");
            assertThat(phone.state()).isEqualTo(PresenceHeartbeat.State.CLOSED);
            assertThat(laptop.state()).isEqualTo(PresenceHeartbeat.State.RUNNING);

            client.endAllSessions("alice");
            assertThat(laptop.state()).isEqualTo(PresenceHeartbeat.State.CLOSED);
            assertThat(bobs.state()).isEqualTo(PresenceHeartbeat.State.RUNNING);
            phone.close(); // closed already: no second sign-out
        }
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < server.getRequestCount(); i++) {
            lines.add(requestLine(server.takeRequest()));
        }
        // the client's own close() signs out bob's heartbeat only: alice's were stopped by the sign-outs
        assertThat(lines).containsExactly("PUT /api/v2/presence/alice/sessions/phone",
                "PUT /api/v2/presence/alice/sessions/laptop", "PUT /api/v2/presence/bob/sessions/phone",
                "DELETE /api/v2/presence/alice/sessions/phone", "DELETE /api/v2/presence/alice",
                "DELETE /api/v2/presence/bob/sessions/phone");
    }

    @Test
    void aSignOutWaitsForTheBeatInFlightSoThatBeatCannotStartTheSessionAgain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger puts = new AtomicInteger();
        Fixtures.Recording recording = new Fixtures.Recording(request -> {
            if ("PUT".equals(request.getMethod()) && puts.incrementAndGet() == 2) {
                try {
                    release.await(10, TimeUnit.SECONDS); // the second beat is in flight until the test says
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Fixtures.presence("alice", puts.get());
        });
        server.setDispatcher(recording);
        try (PresenceClient client = client()) {
            PresenceHeartbeat phone = client.heartbeat("alice", "phone", StatusUpdate.of(PresenceStatus.ONLINE)
                    .withTtl(Duration.ofSeconds(1)), listener);
            await().atMost(Duration.ofSeconds(10)).until(() -> puts.get() == 2);

            CompletableFuture<Presence> signOut = client.endSessionAsync("alice", "phone");
            assertThat(phone.state()).isEqualTo(PresenceHeartbeat.State.CLOSED);
            assertThat(signOut).isNotDone();
            assertThat(recording.requests).hasSize(2);

            release.countDown();
            assertThat(signOut.get(10, TimeUnit.SECONDS).userId()).isEqualTo("alice");
            CompletableFuture<Presence> cancelled = client.endAllSessionsAsync("alice");
            assertThat(cancelled.cancel(true)).isTrue();
        }
        assertThat(recording.requests).extracting(PresenceHeartbeatTest::requestLine).startsWith(
                "PUT /api/v2/presence/alice/sessions/phone", "PUT /api/v2/presence/alice/sessions/phone",
                "DELETE /api/v2/presence/alice/sessions/phone");
    }

    @Test
    void aSessionEndedAlreadyIsFineOnClose() {
        server.enqueue(Fixtures.presence("alice", 1));
        server.enqueue(Fixtures.json(404, "{\"code\":\"not_found\",\"message\":\"no live session\","
                + "\"details\":[{\"field\":\"userId\",\"message\":\"has no presence\"}]}"));
        try (PresenceClient client = client()) {
            PresenceHeartbeat heartbeat = client.heartbeat("alice", PresenceStatus.ONLINE, null, Duration.ofSeconds(60));
            heartbeat.close();
            assertThat(heartbeat.state()).isEqualTo(PresenceHeartbeat.State.CLOSED);
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(logged).noneMatch(line -> line.startsWith("WARNING"))
                .anyMatch(line -> line.startsWith("FINE presence heartbeat session ended already: user=alice"));
    }

    @Test
    void anInvalidSessionIdIsRefusedBeforeAnyCall() {
        try (PresenceClient client = client()) {
            for (String bad : new String[] {"my phone", "", "stream", null}) {
                assertThatThrownBy(() -> client.heartbeat("alice", bad, new StatusUpdate(PresenceStatus.ONLINE, null,
                        Duration.ofSeconds(60)), listener)).isInstanceOfSatisfying(PresenceInvalidInputException.class,
                                e -> assertThat(e.field()).isEqualTo("sessionId"));
            }
        }
        assertThat(server.getRequestCount()).isZero();
    }

    private static String requestLine(RecordedRequest request) {
        return request.getMethod() + " " + request.getTarget();
    }
}
