package io.presence.service.it;

import static io.presence.service.testing.TestNode.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.presence.api.ErrorResponse;
import io.presence.api.Presence;
import io.presence.api.PresenceList;
import io.presence.api.PresenceSession;
import io.presence.api.PresenceStatus;
import io.presence.api.SessionList;
import io.presence.api.Visibility;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.SessionRequests;
import io.presence.service.testing.SseClient;
import io.presence.service.testing.TestNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several sessions per user and presence privacy, on a real center through real HTTP. */
class SessionsIT {

    private static final String ADMIN = TestNode.token("ops", "presence:admin");

    @RegisterExtension
    static final NodesExtension nodes = new NodesExtension();
    static TestNode node;
    static SessionRequests sessions;
    static HttpClient http;

    @BeforeAll
    static void startNode() {
        node = nodes.center("maxSessionsPerUser: 3", """
                rateLimit:
                  enabled: false
                """).start();
        sessions = new SessionRequests(node);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @Test
    void theHighestStatusDecidesAndTiesGoToTheLatestChange() {
        put("prec", "laptop", "{\"status\":\"online\",\"message\":\"at my desk\",\"ttlSeconds\":600}");
        Presence busy = put("prec", "phone", "{\"status\":\"busy\",\"message\":\"on a call\",\"ttlSeconds\":600}");
        assertThat(busy.status()).isEqualTo(PresenceStatus.BUSY);
        assertThat(busy.message()).isEqualTo("on a call");
        assertThat(busy.sessions()).isEqualTo(2);

        Presence away = put("prec", "phone", "{\"status\":\"away\",\"ttlSeconds\":600}");
        assertThat(away.status()).as("online beats away").isEqualTo(PresenceStatus.ONLINE);
        assertThat(away.message()).isEqualTo("at my desk");
        assertThat(away.lastSeen()).as("lastSeen is the latest write of any session").isAfter(away.updatedAt());

        put("prec", "tablet", "{\"status\":\"online\",\"message\":\"on the sofa\",\"ttlSeconds\":600}");
        Presence read = read(node.get("/api/v2/presence/prec"), Presence.class);
        assertThat(read.status()).isEqualTo(PresenceStatus.ONLINE);
        assertThat(read.message()).as("of two online sessions, the later change decides").isEqualTo("on the sofa");
        assertThat(read.sessions()).isEqualTo(3);
    }

    @Test
    void theUsersOwnPathIsTheDefaultSessionBesideTheOthers() {
        assertThat(node.put("dflt", "{\"status\":\"away\",\"ttlSeconds\":600}").statusCode()).isEqualTo(200);
        put("dflt", "phone", "{\"status\":\"online\",\"ttlSeconds\":600}");

        SessionList list = read(sessions.list("dflt", TestNode.token("dflt")), SessionList.class);
        assertThat(list.sessions()).extracting(PresenceSession::sessionId).containsExactly("phone", "default");
        assertThat(list.revision()).isEqualTo(read(node.get("/api/v2/presence/dflt"), Presence.class).revision());

        // The user's own path still writes the default session only.
        Presence offline = read(node.put("dflt", "{\"status\":\"offline\"}"), Presence.class);
        assertThat(offline.status()).isEqualTo(PresenceStatus.ONLINE);
        assertThat(offline.sessions()).isEqualTo(1);
    }

    /** Going offline ends a session: a user never seen has none to end, and is not stored as seen now. */
    @Test
    void goingOfflineWithoutPresenceStoresNothing() {
        ErrorResponse own = error(node.put("never-seen", "{\"status\":\"offline\"}"), 404);
        assertThat(own.code()).isEqualTo("not_found");
        assertThat(own.details()).singleElement().satisfies(detail -> assertThat(detail.field()).isEqualTo("userId"));
        assertThat(error(sessions.put("never-seen", "phone", "{\"status\":\"offline\"}"), 404).code())
                .isEqualTo("not_found");

        assertThat(error(node.get("/api/v2/presence/never-seen"), 404).code()).isEqualTo("not_found");
    }

    /** A retried sign-out, or a device signing off after the user already went: nothing to end, nothing moves. */
    @Test
    void goingOfflineAgainChangesNothing() {
        Presence phone = put("twice", "phone", "{\"status\":\"online\",\"ttlSeconds\":600}");
        Presence stillOnline = read(node.put("twice", "{\"status\":\"offline\"}"), Presence.class);
        assertThat(stillOnline.status()).as("the default session was not live").isEqualTo(PresenceStatus.ONLINE);
        assertThat(stillOnline.revision()).isEqualTo(phone.revision());

        Presence off = read(sessions.put("twice", "phone", "{\"status\":\"offline\"}"), Presence.class);
        assertThat(off.status()).isEqualTo(PresenceStatus.OFFLINE);
        List<Presence> again = List.of(read(sessions.put("twice", "phone", "{\"status\":\"offline\"}"), Presence.class),
                read(node.put("twice", "{\"status\":\"offline\"}"), Presence.class),
                read(sessions.put("twice", "ghost", "{\"status\":\"offline\"}"), Presence.class));

        assertThat(again).allSatisfy(p -> {
            assertThat(p.revision()).isEqualTo(off.revision());
            assertThat(p.lastSeen()).isEqualTo(off.lastSeen());
        });
    }

    @Test
    void onlyTheUserAndAnAdminListTheSessions() {
        put("lister", "phone", "{\"status\":\"online\",\"ttlSeconds\":600}");

        HttpResponse<String> listed = sessions.list("lister", TestNode.token("lister"));
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(sessions.list("lister", ADMIN).statusCode()).isEqualTo(200);
        HttpResponse<String> unchanged = node.send(HttpRequest.newBuilder(node.uri("/api/v2/presence/lister/sessions"))
                .header("Authorization", "Bearer " + ADMIN)
                .header("If-None-Match", listed.headers().firstValue("ETag").orElseThrow()).GET());
        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(unchanged.headers().firstValue("Content-Length")).isEmpty();
        assertThat(error(sessions.list("lister", null), 401).code()).isEqualTo("unauthorized");
        assertThat(error(sessions.list("lister", TestNode.token("mallory")), 403).code()).isEqualTo("forbidden");
        assertThat(error(sessions.list("nobody-here", TestNode.token("nobody-here")), 404).code())
                .isEqualTo("not_found");
        assertThat(error(sessions.list("bad%20id", ADMIN), 400).code()).isEqualTo("invalid_request");
    }

    @Test
    void endingSessionsSignsOutOneDeviceThenAll() {
        put("ender", "phone", "{\"status\":\"busy\",\"ttlSeconds\":600}");
        put("ender", "laptop", "{\"status\":\"online\",\"ttlSeconds\":600}");
        String token = TestNode.token("ender");

        Presence left = read(sessions.delete("ender", "phone", token), Presence.class);
        assertThat(left.status()).isEqualTo(PresenceStatus.ONLINE);
        assertThat(left.sessions()).isEqualTo(1);
        ErrorResponse gone = error(sessions.delete("ender", "phone", token), 404);
        assertThat(gone.message()).contains("phone");
        assertThat(gone.details()).singleElement().satisfies(detail -> assertThat(detail.field()).isEqualTo("sessionId"));
        assertThat(error(sessions.delete("ender", "laptop", TestNode.token("mallory")), 403).code())
                .isEqualTo("forbidden");
        assertThat(error(sessions.delete("ender", "laptop", null), 401).code()).isEqualTo("unauthorized");

        Presence offline = read(sessions.delete("ender", null, token), Presence.class);
        assertThat(offline.status()).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(offline.sessions()).isZero();
        assertThat(read(sessions.list("ender", token), SessionList.class).sessions()).isEmpty();
        assertThat(error(sessions.delete("nobody-at-all", null, TestNode.token("nobody-at-all")), 404).code())
                .isEqualTo("not_found");
    }

    @Test
    void aSessionBeyondTheLimitIsRefusedAndAKnownOneStillWrites() {
        for (String device : List.of("a", "b", "c")) {
            put("many", device, "{\"status\":\"online\",\"ttlSeconds\":600}");
        }

        ErrorResponse refused = error(sessions.put("many", "d", "{\"status\":\"online\"}"), 422);
        assertThat(refused.code()).isEqualTo("validation_failed");
        assertThat(refused.details()).singleElement().satisfies(detail -> {
            assertThat(detail.field()).isEqualTo("sessionId");
            assertThat(detail.message()).contains("3 live sessions");
        });
        // A client without sessions writes the session 'default': told which session that is.
        assertThat(error(node.put("many", "{\"status\":\"online\"}"), 422).details()).singleElement()
                .satisfies(detail -> assertThat(detail.message()).startsWith("'default' (the session PUT /{userId}"
                        + " writes) would be one live session too many"));
        assertThat(put("many", "b", "{\"status\":\"busy\",\"ttlSeconds\":600}").status()).isEqualTo(PresenceStatus.BUSY);
        // Ending one makes room.
        put("many", "a", "{\"status\":\"offline\"}");
        assertThat(put("many", "d", "{\"status\":\"online\",\"ttlSeconds\":600}").sessions()).isEqualTo(3);
    }

    @Test
    void aBadSessionIdIsA400() {
        ErrorResponse bad = error(sessions.put("ids", "bad%20id", "{\"status\":\"online\"}"), 400);
        assertThat(bad.details()).singleElement().satisfies(detail -> assertThat(detail.field()).isEqualTo("sessionId"));
        assertThat(error(sessions.put("ids", "batch", "{\"status\":\"online\"}"), 400).code())
                .isEqualTo("invalid_request");
        assertThat(error(sessions.put("ids", "x".repeat(129), "{\"status\":\"online\"}"), 400).code())
                .isEqualTo("invalid_request");
        assertThat(node.get("/api/v2/presence/ids/sessions/a/b").statusCode()).isEqualTo(404);
    }

    @Test
    void whenTheDecidingSessionLapsesTheNextDecidesAndTheLastLapseIsOneOfflineEvent() {
        put("lapse", "laptop", "{\"status\":\"online\",\"ttlSeconds\":3}");
        put("lapse", "phone", "{\"status\":\"busy\",\"ttlSeconds\":1}");
        try (SseClient client = SseClient.open(http, node.uri("/api/v2/presence/stream?users=lapse"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.events().isEmpty());

            await().atMost(Duration.ofSeconds(10)).until(() -> last(client).status() == PresenceStatus.ONLINE);
            Presence afterPhone = last(client);
            assertThat(afterPhone.sessions()).isEqualTo(1);
            assertThat(read(node.get("/api/v2/presence/lapse"), Presence.class).status())
                    .isEqualTo(PresenceStatus.ONLINE);

            await().atMost(Duration.ofSeconds(10)).until(() -> last(client).status() == PresenceStatus.OFFLINE);
            List<Presence> offline = client.events().stream().map(SessionsIT::presence)
                    .filter(p -> p.status() == PresenceStatus.OFFLINE).toList();
            assertThat(offline).as("the user goes offline once").hasSize(1);
            assertThat(offline.get(0).sessions()).isZero();
            assertThat(read(node.get("/api/v2/presence/lapse"), Presence.class).status())
                    .isEqualTo(PresenceStatus.OFFLINE);
        }
    }

    @Test
    void anInvisibleUserReadsAsOfflineToOthersAndTrueToThemselves() {
        Presence own = put("ghost", "laptop",
                "{\"status\":\"busy\",\"message\":\"secret\",\"ttlSeconds\":600,\"visibility\":\"invisible\"}");
        assertThat(own.status()).isEqualTo(PresenceStatus.BUSY);
        assertThat(own.visibility()).isEqualTo(Visibility.INVISIBLE);

        Presence seen = read(node.get("/api/v2/presence/ghost"), Presence.class);
        assertThat(seen.status()).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(seen.message()).isNull();
        assertThat(seen.expiresAt()).isNull();
        assertThat(seen.sessions()).isZero();
        assertThat(seen.visibility()).as("others are not told").isNull();
        Presence self = read(node.get("/api/v2/presence/ghost", "Authorization", "Bearer " + TestNode.token("ghost")),
                Presence.class);
        assertThat(self.status()).isEqualTo(PresenceStatus.BUSY);
        assertThat(read(node.get("/api/v2/presence/ghost", "Authorization", "Bearer " + ADMIN), Presence.class)
                .status()).isEqualTo(PresenceStatus.BUSY);
        assertThat(read(node.get("/api/v2/presence/ghost", "Authorization", "Bearer " + TestNode.token("peer")),
                Presence.class).status()).isEqualTo(PresenceStatus.OFFLINE);

        PresenceList others = read(node.get("/api/v2/presence?users=ghost"), PresenceList.class);
        assertThat(others.presences()).singleElement().satisfies(p -> assertThat(p.status())
                .isEqualTo(PresenceStatus.OFFLINE));
        PresenceList mine = read(node.send(java.net.http.HttpRequest.newBuilder(node.uri("/api/v2/presence/batch"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestNode.token("ghost"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"userIds\":[\"ghost\"]}"))), PresenceList.class);
        assertThat(mine.presences()).singleElement().satisfies(p -> assertThat(p.status())
                .isEqualTo(PresenceStatus.BUSY));

        // Kept by a write that does not name it; another session is as hidden.
        put("ghost", "phone", "{\"status\":\"online\",\"ttlSeconds\":600}");
        assertThat(read(node.get("/api/v2/presence/ghost"), Presence.class).status()).isEqualTo(PresenceStatus.OFFLINE);
        put("ghost", "phone", "{\"status\":\"online\",\"ttlSeconds\":600,\"visibility\":\"visible\"}");
        assertThat(read(node.get("/api/v2/presence/ghost"), Presence.class).status()).isEqualTo(PresenceStatus.BUSY);
    }

    @Test
    void theStreamShowsAnInvisibleUserOfflineOnceAndNotTheirHeartbeats() {
        put("hider", "phone", "{\"status\":\"online\",\"ttlSeconds\":600}");
        try (SseClient client = SseClient.open(http, node.uri("/api/v2/presence/stream?users=hider,hider-mark"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() == 1);
            put("hider", "phone", "{\"status\":\"online\",\"ttlSeconds\":600,\"visibility\":\"invisible\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() == 2);
            assertThat(last(client).status()).isEqualTo(PresenceStatus.OFFLINE);

            put("hider", "phone", "{\"status\":\"busy\",\"ttlSeconds\":600}");
            put("hider", "laptop", "{\"status\":\"online\",\"ttlSeconds\":600}");
            // A visible write after them: once it arrives, the hidden ones were not sent.
            put("hider-mark", "phone", "{\"status\":\"online\",\"ttlSeconds\":600}");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() >= 3);
            assertThat(presence(client.events().get(2)).userId()).isEqualTo("hider-mark");

            put("hider", "phone", "{\"status\":\"busy\",\"ttlSeconds\":600,\"visibility\":\"visible\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() >= 4);
            assertThat(last(client).status()).isEqualTo(PresenceStatus.BUSY);
            assertThat(last(client).sessions()).isEqualTo(2);
        }
    }

    /** Everyone else's revision and tag of an invisible user stay those of the write that hid them. */
    @Test
    void anInvisibleUsersWritesChangeNothingOthersCanSeeNotEvenTheRevisionOrTag() {
        put("shade", "phone", "{\"status\":\"online\",\"ttlSeconds\":600,\"visibility\":\"invisible\"}");
        HttpResponse<String> before = node.get("/api/v2/presence/shade");
        Presence hidden = read(before, Presence.class);
        String publicTag = before.headers().firstValue("ETag").orElseThrow();
        assertThat(before.headers().firstValue("Vary")).contains("Authorization");

        put("shade", "phone", "{\"status\":\"busy\",\"ttlSeconds\":600}");
        Presence own = put("shade", "laptop", "{\"status\":\"online\",\"ttlSeconds\":600}");

        HttpResponse<String> after = node.get("/api/v2/presence/shade");
        assertThat(read(after, Presence.class)).isEqualTo(hidden);
        assertThat(after.headers().firstValue("ETag")).contains(publicTag);
        assertThat(node.get("/api/v2/presence/shade", "If-None-Match", publicTag).statusCode()).isEqualTo(304);
        HttpResponse<String> self = node.get("/api/v2/presence/shade", "Authorization",
                "Bearer " + TestNode.token("shade"));
        assertThat(read(self, Presence.class).revision()).isEqualTo(own.revision()).isGreaterThan(hidden.revision());
        assertThat(self.headers().firstValue("ETag")).contains("\"" + own.revision() + "\"")
                .isNotEqualTo(Optional.of(publicTag));
        PresenceList listed = read(node.get("/api/v2/presence?users=shade"), PresenceList.class);
        assertThat(listed.presences()).containsExactly(hidden);

        // Hiding lastSeen while invisible changes what everyone reads: a new tag, so no cache keeps the old copy.
        Presence quieter = put("shade", "laptop", "{\"status\":\"online\",\"ttlSeconds\":600,\"shareLastSeen\":false}");
        HttpResponse<String> withoutLastSeen = node.get("/api/v2/presence/shade");
        assertThat(read(withoutLastSeen, Presence.class).lastSeen()).isNull();
        assertThat(read(withoutLastSeen, Presence.class).revision()).isEqualTo(quieter.revision());
        assertThat(withoutLastSeen.headers().firstValue("ETag")).contains("\"" + quieter.revision() + "-public\"");
        assertThat(node.get("/api/v2/presence/shade", "If-None-Match", publicTag).statusCode()).isEqualTo(200);

        Presence shown = put("shade", "phone",
                "{\"status\":\"busy\",\"ttlSeconds\":600,\"visibility\":\"visible\",\"shareLastSeen\":true}");
        HttpResponse<String> visible = node.get("/api/v2/presence/shade");
        assertThat(read(visible, Presence.class).revision()).isEqualTo(shown.revision());
        assertThat(visible.headers().firstValue("ETag")).contains("\"" + shown.revision() + "\"");
    }

    /** A stream resumed after the user hid is not sent their writes since as news. */
    @Test
    void aResumedStreamIsNotToldOfAnInvisibleUsersWrites() {
        put("lurker", "phone", "{\"status\":\"online\",\"ttlSeconds\":600,\"visibility\":\"invisible\"}");
        String lastEventId;
        try (SseClient client = SseClient.open(http, node.uri("/api/v2/presence/stream?users=lurker,lurker-mark"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() == 1);
            lastEventId = client.events().get(0).id();
        }
        put("lurker", "phone", "{\"status\":\"busy\",\"ttlSeconds\":600}");
        put("lurker", "laptop", "{\"status\":\"online\",\"ttlSeconds\":600}");
        try (SseClient resumed = SseClient.open(http, node.uri("/api/v2/presence/stream?users=lurker,lurker-mark"),
                "Last-Event-ID", lastEventId)) {
            // A visible write after the resume: once it arrives, nothing about the hidden user was sent before it.
            put("lurker-mark", "phone", "{\"status\":\"online\",\"ttlSeconds\":600}");
            await().atMost(Duration.ofSeconds(10)).until(() -> !resumed.events().isEmpty());
            assertThat(resumed.events()).extracting(event -> presence(event).userId()).containsExactly("lurker-mark");
        }
    }

    @Test
    void aBadPrivacySettingIsA400ThatSaysWhatItMayBe() {
        ErrorResponse bad = error(sessions.put("privy", "phone", "{\"status\":\"online\",\"visibility\":\"sideways\"}"),
                400);
        assertThat(bad.details()).singleElement().satisfies(detail -> {
            assertThat(detail.field()).isEqualTo("visibility");
            assertThat(detail.message()).isEqualTo("must be one of visible|invisible");
        });
        for (String notABoolean : List.of("\"no\"", "1", "0.0", "null")) {
            HttpResponse<String> refused = sessions.put("privy", "phone",
                    "{\"status\":\"online\",\"shareLastSeen\":" + notABoolean + "}");
            if (notABoolean.equals("null")) {
                assertThat(refused.statusCode()).as("null keeps the setting").isEqualTo(200);
            } else {
                assertThat(error(refused, 400).details()).as(notABoolean).singleElement()
                        .satisfies(detail -> assertThat(detail.field()).isEqualTo("shareLastSeen"));
            }
        }
    }

    @Test
    void aHiddenLastSeenIsLeftOutForOthersOnly() {
        put("quiet", "phone", "{\"status\":\"online\",\"ttlSeconds\":600,\"shareLastSeen\":false}");

        Presence seen = read(node.get("/api/v2/presence/quiet"), Presence.class);
        assertThat(seen.lastSeen()).isNull();
        assertThat(seen.status()).isEqualTo(PresenceStatus.ONLINE);
        Presence self = read(node.get("/api/v2/presence/quiet", "Authorization", "Bearer " + TestNode.token("quiet")),
                Presence.class);
        assertThat(self.lastSeen()).isNotNull();
        assertThat(self.shareLastSeen()).isFalse();
        // Nor told by updatedAt (a sign-off's is the moment last seen) or by expiresAt less the TTL.
        assertThat(seen.expiresAt()).isNull();
        assertThat(seen.ttlSeconds()).isNull();
        assertThat(seen.updatedAt()).isEqualTo(self.updatedAt().truncatedTo(java.time.temporal.ChronoUnit.DAYS));
        Presence signedOff = put("quiet", "phone", "{\"status\":\"offline\"}");
        assertThat(read(node.get("/api/v2/presence/quiet"), Presence.class).updatedAt())
                .isEqualTo(signedOff.updatedAt().truncatedTo(java.time.temporal.ChronoUnit.DAYS));

        put("quiet", "phone", "{\"status\":\"online\",\"ttlSeconds\":600,\"shareLastSeen\":true}");
        assertThat(read(node.get("/api/v2/presence/quiet"), Presence.class).lastSeen()).isNotNull();
    }

    /** Heartbeats of a user who hides lastSeen would tell others when they were last seen: they show nowhere. */
    @Test
    void heartbeatsOfAUserWhoHidesLastSeenShowNeitherInTheTagNorOnTheStream() {
        put("mute", "phone", "{\"status\":\"online\",\"ttlSeconds\":600,\"shareLastSeen\":false}");
        HttpResponse<String> before = node.get("/api/v2/presence/mute");
        Presence seen = read(before, Presence.class);
        String publicTag = before.headers().firstValue("ETag").orElseThrow();
        assertThat(publicTag).isEqualTo("\"" + seen.revision() + "-public\"");
        try (SseClient client = SseClient.open(http, node.uri("/api/v2/presence/stream?users=mute,mute-mark"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() == 1);
            Presence own = put("mute", "phone", "{\"status\":\"online\",\"ttlSeconds\":600}");
            put("mute", "phone", "{\"status\":\"online\",\"ttlSeconds\":300}");
            // A visible write after them: once it arrives, the heartbeats were not sent.
            put("mute-mark", "phone", "{\"status\":\"online\",\"ttlSeconds\":600}");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() >= 2);
            assertThat(presence(client.events().get(1)).userId()).isEqualTo("mute-mark");

            HttpResponse<String> after = node.get("/api/v2/presence/mute");
            assertThat(read(after, Presence.class)).isEqualTo(seen);
            assertThat(after.headers().firstValue("ETag")).contains(publicTag);
            assertThat(node.get("/api/v2/presence/mute", "If-None-Match", publicTag).statusCode()).isEqualTo(304);
            assertThat(own.revision()).isGreaterThan(seen.revision());
            assertThat(read(node.get("/api/v2/presence?users=mute"), PresenceList.class).presences())
                    .containsExactly(seen);

            // A change everyone can read is news: a new public revision, on the stream and in the tag.
            Presence away = put("mute", "phone", "{\"status\":\"away\",\"ttlSeconds\":600}");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() >= 3);
            assertThat(last(client).status()).isEqualTo(PresenceStatus.AWAY);
            assertThat(last(client).revision()).isEqualTo(away.revision());
            assertThat(node.get("/api/v2/presence/mute", "If-None-Match", publicTag).statusCode()).isEqualTo(200);
        }
    }

    /**
     * Two devices online with different messages, beating in turn: the one whose message changed last keeps
     * deciding, so for a user who hides lastSeen the beats show nowhere (neither a message that flaps, nor a new
     * tag, nor a stream event); a changed message is news.
     */
    @Test
    void heartbeatsOfTwoDevicesWithDifferentMessagesNeitherFlipTheMessageNorShow() {
        put("duo", "laptop", "{\"status\":\"online\",\"message\":\"at my desk\",\"ttlSeconds\":600,"
                + "\"shareLastSeen\":false}");
        put("duo", "tablet", "{\"status\":\"online\",\"message\":\"on the sofa\",\"ttlSeconds\":600}");
        HttpResponse<String> before = node.get("/api/v2/presence/duo");
        Presence seen = read(before, Presence.class);
        assertThat(seen.message()).isEqualTo("on the sofa");
        String publicTag = before.headers().firstValue("ETag").orElseThrow();
        try (SseClient client = SseClient.open(http, node.uri("/api/v2/presence/stream?users=duo,duo-mark"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() == 1);
            for (int beat = 0; beat < 3; beat++) {
                Presence own = put("duo", "laptop", "{\"status\":\"online\",\"message\":\"at my desk\","
                        + "\"ttlSeconds\":600}");
                assertThat(own.message()).as("the user's own view after the laptop's beat").isEqualTo("on the sofa");
                put("duo", "tablet", "{\"status\":\"online\",\"message\":\"on the sofa\",\"ttlSeconds\":600}");
            }
            // A visible write after the beats: once it arrives, they were not sent.
            put("duo-mark", "phone", "{\"status\":\"online\",\"ttlSeconds\":600}");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() >= 2);
            assertThat(presence(client.events().get(1)).userId()).isEqualTo("duo-mark");

            HttpResponse<String> after = node.get("/api/v2/presence/duo");
            assertThat(read(after, Presence.class)).isEqualTo(seen);
            assertThat(after.headers().firstValue("ETag")).contains(publicTag);
            assertThat(node.get("/api/v2/presence/duo", "If-None-Match", publicTag).statusCode()).isEqualTo(304);
            SessionList list = read(sessions.list("duo", TestNode.token("duo")), SessionList.class);
            assertThat(list.sessions()).allSatisfy(session -> assertThat(session.changedAt())
                    .isBefore(session.updatedAt()));

            Presence changed = put("duo", "laptop", "{\"status\":\"online\",\"message\":\"back at my desk\","
                    + "\"ttlSeconds\":600}");
            assertThat(changed.message()).isEqualTo("back at my desk");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().size() >= 3);
            assertThat(last(client).message()).isEqualTo("back at my desk");
            assertThat(node.get("/api/v2/presence/duo", "If-None-Match", publicTag).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void concurrentWritesOfDifferentSessionsLoseNone() throws Exception {
        int devices = 3;
        ExecutorService pool = Executors.newFixedThreadPool(devices);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int d = 0; d < devices; d++) {
                String device = "dev-" + d;
                writers.add(pool.submit(() -> IntStream.range(0, 30).forEach(i -> assertThat(sessions.put("race",
                        device, "{\"status\":\"online\",\"ttlSeconds\":600}").statusCode()).isEqualTo(200))));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }
        SessionList list = read(sessions.list("race", TestNode.token("race")), SessionList.class);
        assertThat(list.sessions()).extracting(PresenceSession::sessionId)
                .containsExactlyInAnyOrder("dev-0", "dev-1", "dev-2");
    }

    /**
     * Eight devices' first writes at once through one node, against a limit of three: no retry to hide a lost
     * session, and the limit holds however the writes interleave.
     */
    @Test
    void firstWritesOfManyDevicesAtOnceKeepEveryAcceptedSessionAndTheLimit() throws Exception {
        int devices = 8;
        ExecutorService pool = Executors.newFixedThreadPool(devices);
        try {
            for (int round = 0; round < 10; round++) {
                String user = "burst-" + round;
                CyclicBarrier start = new CyclicBarrier(devices);
                Map<String, Future<Integer>> writers = new TreeMap<>();
                for (int d = 0; d < devices; d++) {
                    String device = "dev-" + d;
                    writers.put(device, pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return sessions.put(user, device, "{\"status\":\"online\",\"ttlSeconds\":600}").statusCode();
                    }));
                }
                List<String> accepted = new ArrayList<>();
                for (Map.Entry<String, Future<Integer>> writer : writers.entrySet()) {
                    int status = writer.getValue().get(30, TimeUnit.SECONDS);
                    assertThat(status).isIn(200, 422);
                    if (status == 200) {
                        accepted.add(writer.getKey());
                    }
                }
                SessionList list = read(sessions.list(user, TestNode.token(user)), SessionList.class);
                assertThat(accepted).as(user).hasSize(3);
                assertThat(list.sessions()).as(user).extracting(PresenceSession::sessionId)
                        .containsExactlyInAnyOrderElementsOf(accepted);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Presence put(String userId, String sessionId, String json) {
        HttpResponse<String> response = sessions.put(userId, sessionId, json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return read(response, Presence.class);
    }

    private static Presence last(SseClient client) {
        List<SseClient.Event> events = client.events();
        return presence(events.get(events.size() - 1));
    }

    private static Presence presence(SseClient.Event event) {
        return event.data(Presence.class);
    }

    private static ErrorResponse error(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return read(response, ErrorResponse.class);
    }
}
