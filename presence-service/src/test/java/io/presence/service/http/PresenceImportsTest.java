package io.presence.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.setup.Bootstrap;
import io.presence.api.ErrorDetail;
import io.presence.api.ImportResult;
import io.presence.api.PresenceLimits;
import io.presence.api.PresenceStatus;
import io.presence.service.PresenceApplication;
import io.presence.service.PresenceConfiguration;
import io.presence.service.core.InvalidInputException;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PresenceService;
import io.presence.service.core.PresenceSettings;
import io.presence.service.core.SessionState;
import io.presence.service.testing.InMemoryPresenceStore;
import io.presence.service.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class PresenceImportsTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    private static final String ALICE = """
            {"userId":"alice","status":"online","message":"in the office","lastSeen":"2026-11-28T11:59:00Z",\
            "updatedAt":"2026-11-28T11:59:00.123Z","expiresAt":"2026-11-28T12:09:00.123Z","ttlSeconds":600,\
            "nodeId":"center-1","revision":41}""";
    private static final String BOB = """
            {"userId":"bob","status":"offline","lastSeen":"2026-11-28T08:15:00Z","updatedAt":"2026-11-28T08:15:00Z",\
            "nodeId":"leaf-eu-1"}""";

    private final InMemoryPresenceStore store = new InMemoryPresenceStore();
    private final PresenceService service = new PresenceService(store, new PresenceSettings(), "node-b",
            new MutableClock(T0));
    private final PresenceImports imports = new PresenceImports(service, applicationMapper());

    private static ObjectMapper applicationMapper() {
        PresenceApplication application = new PresenceApplication();
        Bootstrap<PresenceConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        return bootstrap.getObjectMapper();
    }

    private ImportResult importing(String body) {
        return imports.importLines(body.getBytes(StandardCharsets.UTF_8));
    }

    private InvalidInputException refused(String body) {
        return (InvalidInputException) org.assertj.core.api.Assertions.catchThrowable(() -> importing(body));
    }

    @Test
    void restoresEveryFieldButTheRevision() {
        assertThat(importing(ALICE + "\n" + BOB + "\n")).isEqualTo(new ImportResult(2, 0));

        PresenceRecord alice = store.get("alice").orElseThrow();
        assertThat(alice).isEqualTo(new PresenceRecord("alice", PresenceStatus.ONLINE, "in the office",
                Instant.parse("2026-11-28T11:59:00Z"), Instant.parse("2026-11-28T11:59:00.123Z"),
                Instant.parse("2026-11-28T12:09:00.123Z"), 600L, "center-1", alice.revision()));
        assertThat(alice.revision()).isNotEqualTo(41);
        PresenceRecord bob = store.get("bob").orElseThrow();
        assertThat(bob.status()).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(bob.expiresAt()).isNull();
        assertThat(bob.ttlSeconds()).isNull();
        assertThat(bob.nodeId()).isEqualTo("leaf-eu-1");
    }

    /** The line of a user busy for 5 s on a phone beside a laptop online for a day: busy is the phone's, for 5 s. */
    @Test
    void theRestoredSessionLapsesWhenTheDecidingOneDid() {
        String busyBesideADay = """
                {"userId":"rt1","status":"busy","message":"m","lastSeen":"2026-11-28T11:59:00Z",\
                "updatedAt":"2026-11-28T11:59:00Z","expiresAt":"2026-11-29T11:58:58Z","ttlSeconds":5,\
                "nodeId":"center-1","revision":3,"sessions":2}""";

        assertThat(importing(busyBesideADay)).isEqualTo(new ImportResult(1, 0));

        assertThat(store.get("rt1").orElseThrow().expiresAt()).isEqualTo(Instant.parse("2026-11-28T11:59:05Z"));
        assertThat(importing(busyBesideADay)).as("imported again").isEqualTo(new ImportResult(0, 1));

        // One session: the line's expiresAt is that session's, kept as it is (a user seen after the session was).
        assertThat(importing(busyBesideADay.replace("rt1", "rt2").replace(",\"sessions\":2", "")
                .replace("2026-11-29T11:58:58Z", "2026-11-28T11:59:04Z"))).isEqualTo(new ImportResult(1, 0));
        assertThat(store.get("rt2").orElseThrow().expiresAt()).isEqualTo(Instant.parse("2026-11-28T11:59:04Z"));
        assertThatThrownBy(() -> importing(busyBesideADay.replace("rt1", "rt4").replace("\"sessions\":2",
                "\"sessions\":" + (service.maxSessionsPerUser() + 1))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.details().get(0).message())
                        .isEqualTo("sessions is " + (service.maxSessionsPerUser() + 1) + "; this node allows at most "
                                + service.maxSessionsPerUser() + " per user (presence.maxSessionsPerUser)"));
        // One that lapses after its ttlSeconds: no node wrote it.
        assertThatThrownBy(() -> importing(busyBesideADay.replace("rt1", "rt3").replace(",\"sessions\":2", "")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.details().get(0).message())
                        .startsWith("expiresAt must be at most ttlSeconds (5 s) after the line's latest write"));
    }

    /** A line's sessions are checked against this node: its session limit, and its clock, as the user's times are. */
    @Test
    void listedSessionsMustFitThisNode() {
        String twoDevices = """
                {"userId":"carol","status":"busy","lastSeen":"2026-11-28T11:59:00Z","updatedAt":"2026-11-28T11:59:00Z",                "expiresAt":"2026-11-28T12:59:00Z","ttlSeconds":300,"nodeId":"n1","revision":3,"sessions":2,                "liveSessions":[{"sessionId":"phone","status":"busy","lastSeen":"2026-11-28T11:59:00Z",                "updatedAt":"2026-11-28T11:59:00Z","expiresAt":"2026-11-28T12:04:00Z","ttlSeconds":300,"nodeId":"n1"},                {"sessionId":"laptop","status":"online","lastSeen":"%s","updatedAt":"%s",                "expiresAt":"%s","ttlSeconds":3600,"nodeId":"n1"}]}""";
        String fits = twoDevices.formatted("2026-11-28T11:59:00Z", "2026-11-28T11:59:00Z", "2026-11-28T12:59:00Z");
        PresenceSettings oneEach = new PresenceSettings();
        oneEach.setMaxSessionsPerUser(1);
        PresenceImports strict = new PresenceImports(new PresenceService(store, oneEach, "node-b", new MutableClock(T0)),
                applicationMapper());
        InvalidInputException tooMany = (InvalidInputException) org.assertj.core.api.Assertions.catchThrowable(
                () -> strict.importLines(fits.getBytes(StandardCharsets.UTF_8)));
        assertThat(tooMany.details()).singleElement().satisfies(d -> assertThat(d.message()).isEqualTo("liveSessions"
                + " lists 2 sessions; this node allows at most 1 per user (presence.maxSessionsPerUser)"));

        String ahead = twoDevices.formatted("2026-11-28T12:00:01Z", "2026-11-28T12:00:01Z", "2026-11-28T13:00:01Z")
                .replace("\"expiresAt\":\"2026-11-28T12:59:00Z\"", "\"expiresAt\":\"2026-11-28T13:00:01Z\"")
                // The user's lastSeen is the laptop's write too (the top of the line comes first).
                .replaceFirst("\"lastSeen\":\"2026-11-28T11:59:00Z\",\"updatedAt\"",
                        "\"lastSeen\":\"2026-11-28T12:00:01Z\",\"updatedAt\"");
        assertThat(refused(ahead).details()).singleElement().satisfies(d -> assertThat(d.message())
                .contains("liveSessions[1].updatedAt must not be ahead of this node's clock"));

        assertThat(importing(fits)).isEqualTo(new ImportResult(1, 0));
        assertThat(store.get("carol").orElseThrow().sessions()).extracting(SessionState::sessionId)
                .containsExactly("phone", "laptop");
    }

    /**
     * Two devices online, the tablet's message the later change though the laptop beat last: restored, the tablet
     * still decides; a session from an export before changedAt reads as changed at its last write.
     */
    @Test
    void restoresWhenEachSessionLastChanged() {
        String line = """
                {"userId":"dave","status":"online","message":"on the sofa","lastSeen":"2026-11-28T11:59:30Z",\
                "updatedAt":"2026-11-28T11:59:20Z","expiresAt":"2026-11-28T12:09:30Z","ttlSeconds":600,\
                "nodeId":"n1","revision":9,"sessions":2,"liveSessions":[{"sessionId":"laptop","status":"online",\
                "message":"at my desk","lastSeen":"2026-11-28T11:59:30Z","updatedAt":"2026-11-28T11:59:30Z",\
                "changedAt":"2026-11-28T11:00:00Z","expiresAt":"2026-11-28T12:09:30Z","ttlSeconds":600,\
                "nodeId":"n1"},{"sessionId":"tablet","status":"online","message":"on the sofa",\
                "lastSeen":"2026-11-28T11:59:20Z","updatedAt":"2026-11-28T11:59:20Z",\
                "changedAt":"2026-11-28T11:05:00Z","expiresAt":"2026-11-28T12:09:20Z","ttlSeconds":600,\
                "nodeId":"n1"}]}""";

        assertThat(importing(line)).isEqualTo(new ImportResult(1, 0));
        PresenceRecord dave = store.get("dave").orElseThrow();
        assertThat(dave.message()).isEqualTo("on the sofa");
        assertThat(dave.sessions()).extracting(SessionState::changedAt)
                .containsExactly(Instant.parse("2026-11-28T11:00:00Z"), Instant.parse("2026-11-28T11:05:00Z"));

        assertThat(importing(line.replace("dave", "erin").replaceAll(",\"changedAt\":\"[^\"]+\"", "")))
                .isEqualTo(new ImportResult(1, 0));
        PresenceRecord erin = store.get("erin").orElseThrow();
        assertThat(erin.sessions()).allSatisfy(session -> assertThat(session.changedAt())
                .isEqualTo(session.updatedAt()));
        assertThat(erin.message()).as("the last written").isEqualTo("at my desk");
    }

    /** Everyone else reads a restored invisible user as of the moment they hid, not of their last write. */
    @Test
    void anInvisibleUserIsRestoredInvisibleSinceTheyHid() {
        String hidden = ALICE.replace("\"revision\":41", "\"revision\":41,\"visibility\":\"invisible\","
                + "\"invisibleSince\":\"2026-11-28T11:40:00Z\"");

        assertThat(importing(hidden)).isEqualTo(new ImportResult(1, 0));

        assertThat(store.get("alice").orElseThrow().invisibleSince()).isEqualTo(Instant.parse("2026-11-28T11:40:00Z"));
    }

    @Test
    void restoresPrivacyAndTakesTheSessionCountAsInformation() {
        String hidden = ALICE.replace("\"revision\":41", "\"revision\":41,\"sessions\":3,\"visibility\":\"invisible\","
                + "\"shareLastSeen\":false");

        assertThat(importing(hidden)).isEqualTo(new ImportResult(1, 0));

        PresenceRecord alice = store.get("alice").orElseThrow();
        assertThat(alice.invisibleSince()).isEqualTo(Instant.parse("2026-11-28T11:59:00.123Z"));
        assertThat(alice.hideLastSeen()).isTrue();
        assertThat(alice.sessions()).as("one default session").isEmpty();
    }

    @Test
    void importingAgainSkipsWhatIsStored() {
        importing(ALICE + "\n" + BOB);

        assertThat(importing(BOB + "\r\n\r\n  \n" + ALICE)).isEqualTo(new ImportResult(0, 2));
    }

    @Test
    void anEmptyMessageIsNoMessage() {
        importing(BOB.replace("\"status\"", "\"message\":\"\",\"status\""));

        assertThat(store.get("bob").orElseThrow().message()).isNull();
    }

    /** A number would be read as epoch seconds, and one out of range (1e300) as 1970: a time nobody wrote. */
    @Test
    void timesAreIsoStringsNotNumbers() {
        for (String time : new String[] {"1e300", "-1e300", "1796385600", "1796385600.5"}) {
            InvalidInputException e = refused(BOB.replace("\"lastSeen\":\"2026-11-28T08:15:00Z\"",
                    "\"lastSeen\":" + time));
            assertThat(e.details()).as(time).singleElement().satisfies(d -> assertThat(d.message())
                    .isEqualTo("lastSeen must be an ISO-8601 time string such as \"2026-12-04T12:00:00Z\""));
        }
        assertThat(store.get("bob")).isEmpty();
    }

    @Test
    void aBodyWithoutLinesIsABadRequest() {
        for (String body : new String[] {"", "\n\n", "  \r\n"}) {
            InvalidInputException e = refused(body);
            assertThat(e.unprocessable()).isFalse();
            assertThat(e.details()).singleElement().extracting(ErrorDetail::field).isEqualTo("body");
        }
    }

    @Test
    void linesThatAreNotPresencesRefuseTheWholeRequest() {
        InvalidInputException e = refused(ALICE + "\n{\"userId\":\n" + BOB.replace("offline", "sleeping")
                + "\nnull\n" + BOB.replace("\"nodeId\"", "\"mood\":1,\"nodeId\"") + "\n{} x\n[1]\n"
                + BOB.replace("\"userId\":\"bob\"", "\"userId\":\"bad id\""));

        assertThat(e.unprocessable()).isFalse();
        assertThat(e.getMessage()).isEqualTo("6 invalid lines in the import; nothing was stored");
        assertThat(e.details()).extracting(ErrorDetail::field)
                .containsExactly("line 2", "line 3", "line 4", "line 5", "line 6", "line 7");
        assertThat(e.details().get(0).message()).startsWith("malformed JSON: ");
        assertThat(e.details().get(1).message()).startsWith("status must be one of ");
        assertThat(e.details().get(2).message()).contains("not null");
        assertThat(e.details().get(3).message()).isEqualTo("mood unknown field");
        assertThat(e.details().get(5).message()).isEqualTo("must be an object");
        assertThat(store.get("alice")).as("nothing stored").isEmpty();
    }

    @Test
    void linesThatBreakALimitAreUnprocessable() {
        String reserved = BOB.replace("\"userId\":\"bob\"", "\"userId\":\"export\"");
        String missing = "{\"userId\":\"carol\"}";
        String longMessage = BOB.replace("\"status\"", "\"message\":\"" + "m".repeat(257) + "\",\"status\"");
        String control = BOB.replace("\"status\"", "\"message\":\"a\\nb\",\"status\"");
        String ttl = ALICE.replace("\"ttlSeconds\":600", "\"ttlSeconds\":0");
        String noUser = BOB.replace("\"userId\":\"bob\",", "").replace("\"nodeId\":\"leaf-eu-1\"", "\"nodeId\":\" \"");

        InvalidInputException e = refused(String.join("\n", ALICE, reserved, missing, longMessage, control, ttl, noUser));

        assertThat(e.unprocessable()).isTrue();
        assertThat(e.getMessage()).isEqualTo("6 invalid lines in the import; nothing was stored");
        assertThat(e.details()).extracting(ErrorDetail::field)
                .containsExactly("line 2", "line 3", "line 4", "line 5", "line 6", "line 7");
        assertThat(e.details().get(0).message()).isEqualTo("userId " + PresenceLimits.USER_ID_RULE)
                .contains("reserved");
        assertThat(e.details().get(1).message()).isEqualTo("status must not be null; lastSeen must not be null; "
                + "updatedAt must not be null; nodeId must not be null or blank");
        assertThat(e.details().get(2).message()).isEqualTo("message must be at most 256 characters");
        assertThat(e.details().get(3).message()).isEqualTo("message must not contain control characters or unpaired surrogates");
        assertThat(e.details().get(4).message()).isEqualTo("ttlSeconds must be at least 1");
        assertThat(e.details().get(5).message()).isEqualTo("userId must not be null; nodeId must not be null or blank");
        assertThat(store.get("alice")).isEmpty();
    }

    /** Within the skew a client allows, but ahead of this node: restored, it would outrank the user's next writes. */
    @Test
    void aTimeAheadOfTheNodesClockIsRefused() {
        String ahead = BOB.replace("\"updatedAt\":\"2026-11-28T08:15:00Z\"", "\"updatedAt\":\"2026-11-28T12:02:00Z\"");

        InvalidInputException e = refused(ALICE + "\n" + ahead);

        assertThat(e.unprocessable()).isTrue();
        assertThat(e.details()).singleElement().satisfies(detail -> {
            assertThat(detail.field()).isEqualTo("line 2");
            assertThat(detail.message()).isEqualTo("updatedAt must not be ahead of this node's clock (updatedAt"
                    + " 2026-11-28T12:02:00Z, the node's clock 2026-11-28T12:00:00Z); check the clocks (NTP), or import"
                    + " once the node's clock has passed it");
        });
        assertThat(store.get("alice")).isEmpty();
    }

    @Test
    void namesAtMostTenLinesButCountsThemAll() {
        InvalidInputException e = refused("x\n".repeat(12));

        assertThat(e.getMessage()).startsWith("12 invalid lines");
        assertThat(e.details()).hasSize(PresenceImports.MAX_DETAILS);
        assertThat(refused("x")).extracting(Throwable::getMessage)
                .isEqualTo("1 invalid line in the import; nothing was stored");
    }

    @Test
    void malformedLinesAreReportedBeforeBrokenLimits() {
        InvalidInputException e = refused("{\"userId\":\"carol\"}\n{");

        assertThat(e.unprocessable()).isFalse();
        assertThat(e.details()).singleElement().extracting(ErrorDetail::field).isEqualTo("line 2");
        assertThatThrownBy(() -> importing("{\"userId\":\"carol\"}"))
                .asInstanceOf(InstanceOfAssertFactories.type(InvalidInputException.class))
                .extracting(InvalidInputException::unprocessable).isEqualTo(true);
    }
}
