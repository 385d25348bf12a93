package io.presence.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.presence.api.Presence;
import io.presence.api.PresenceList;
import io.presence.api.PresenceStatus;
import io.presence.api.SessionList;
import io.presence.api.Visibility;
import io.presence.service.core.PresenceLookup;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.SessionState;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the user reads of their own presence, and what everyone else reads. */
class PresenceJsonTest {

    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");
    private final ObjectMapper mapper = Jackson.newObjectMapper();
    private final PresenceJson json = new PresenceJson(mapper);

    private static PresenceRecord record(Instant invisibleSince, boolean hideLastSeen) {
        return new PresenceRecord("alice", PresenceStatus.BUSY, "on a call", T0.plusSeconds(20), T0.plusSeconds(10),
                T0.plusSeconds(70), 60L, "n1", 5, List.of(), invisibleSince, hideLastSeen);
    }

    @Test
    void aVisibleUserReadsTheSameToEveryone() throws IOException {
        PresenceRecord record = record(null, false);

        assertThat(json.bytes(record)).isEqualTo(json.ownBytes(record));
        Presence seen = mapper.readValue(json.bytes(record), Presence.class);
        assertThat(seen.sessions()).isEqualTo(1);
        assertThat(seen.visibility()).isNull();
        assertThat(seen.shareLastSeen()).isNull();
    }

    @Test
    void anInvisibleUserReadsOfflineSinceTheyHidToOthersOnly() throws IOException {
        PresenceRecord record = record(T0.plusSeconds(15), false);

        Presence seen = mapper.readValue(json.bytes(record), Presence.class);
        assertThat(seen).isEqualTo(new Presence("alice", PresenceStatus.OFFLINE, null, T0.plusSeconds(15),
                T0.plusSeconds(10), null, null, "n1", 5, 0, null, null));
        assertThat(mapper.readValue(json.text(record), Presence.class)).isEqualTo(seen);
        Presence own = mapper.readValue(json.ownBytes(record), Presence.class);
        assertThat(own.status()).isEqualTo(PresenceStatus.BUSY);
        assertThat(own.visibility()).isEqualTo(Visibility.INVISIBLE);
        assertThat(own.invisibleSince()).as("so that an export restores it").isEqualTo(T0.plusSeconds(15));
        assertThat(mapper.readValue(json.ownBytes(record(null, false)), Presence.class).invisibleSince()).isNull();
    }

    @Test
    void aHiddenLastSeenIsLeftOutForOthers() throws IOException {
        PresenceRecord record = record(null, true);

        // Nor what would give it away: updatedAt to the day, no expiresAt or TTL (their difference).
        assertThat(mapper.readValue(json.bytes(record), Presence.class)).isEqualTo(new Presence("alice",
                PresenceStatus.BUSY, "on a call", null, Instant.parse("2026-12-04T00:00:00Z"), null, null, "n1", 5, 1,
                null, null));
        assertThat(mapper.readValue(json.bytes(record(T0, true)), Presence.class)).isEqualTo(new Presence("alice",
                PresenceStatus.OFFLINE, null, null, Instant.parse("2026-12-04T00:00:00Z"), null, null, "n1", 5, 0,
                null, null));
        Presence own = mapper.readValue(json.ownBytes(record), Presence.class);
        assertThat(own.lastSeen()).isEqualTo(T0.plusSeconds(20));
        assertThat(own.shareLastSeen()).isFalse();
    }

    @Test
    void aLookupShowsEachUserAsTheReaderMaySeeThem() throws IOException {
        PresenceRecord hidden = record(T0, false);
        PresenceRecord bob = new PresenceRecord("bob", PresenceStatus.ONLINE, null, T0, T0, T0.plusSeconds(60), 60L,
                "n1", 6, List.of(), T0, false);

        PresenceList list = mapper.readValue(json.bytes(new PresenceLookup(List.of(hidden, bob), List.of("carol")),
                "alice"::equals), PresenceList.class);

        assertThat(list.presences()).extracting(Presence::status)
                .containsExactly(PresenceStatus.BUSY, PresenceStatus.OFFLINE);
        assertThat(list.notFound()).containsExactly("carol");
    }

    @Test
    void sessionsAreListedMostRecentlyWrittenFirst() throws IOException {
        SessionState older = new SessionState("laptop", PresenceStatus.ONLINE, null, T0, T0, T0, T0.plusSeconds(60),
                60, "n1");
        SessionState newer = new SessionState("phone", PresenceStatus.BUSY, "hi", T0.plusSeconds(5),
                T0.plusSeconds(5), T0.plusSeconds(1), T0.plusSeconds(65), 60, "n2");

        SessionList list = mapper.readValue(json.bytes("alice", List.of(older, newer), 8), SessionList.class);

        assertThat(list.userId()).isEqualTo("alice");
        assertThat(list.revision()).isEqualTo(8);
        assertThat(list.sessions()).extracting(s -> s.sessionId()).containsExactly("phone", "laptop");
        assertThat(list.sessions().get(0).message()).isEqualTo("hi");
        assertThat(list.sessions()).extracting(s -> s.changedAt()).containsExactly(T0.plusSeconds(1), T0);
    }
}
