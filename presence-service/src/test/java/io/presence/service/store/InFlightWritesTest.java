package io.presence.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.api.PresenceStatus;
import io.presence.service.core.PresenceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InFlightWritesTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    private final InFlightWrites inFlight = new InFlightWrites();

    @Test
    void theEchoOfAWriteInFlightIsItsRecordAtTheEchoedRevision() {
        PresenceRecord record = record("alice", PresenceStatus.BUSY);
        inFlight.begin(record, bytes("busy"));

        assertThat(inFlight.find("alice", bytes("busy"), 42)).contains(record.withRevision(42));
    }

    @Test
    void otherBytesOrUsersAreNotFound() {
        inFlight.begin(record("alice", PresenceStatus.BUSY), bytes("busy"));

        assertThat(inFlight.find("alice", bytes("away"), 42)).isEmpty();
        assertThat(inFlight.find("bob", bytes("busy"), 42)).isEmpty();
    }

    @Test
    void anAnsweredWriteIsForgottenButNotTheLaterOneThatReplacedIt() {
        InFlightWrites.Write first = inFlight.begin(record("alice", PresenceStatus.BUSY), bytes("busy"));
        InFlightWrites.Write second = inFlight.begin(record("alice", PresenceStatus.AWAY), bytes("away"));

        inFlight.end(first);

        assertThat(inFlight.find("alice", bytes("busy"), 1)).isEmpty();
        assertThat(inFlight.find("alice", bytes("away"), 2)).isPresent();
        inFlight.end(second);
        assertThat(inFlight.find("alice", bytes("away"), 2)).isEmpty();
    }

    private static PresenceRecord record(String userId, PresenceStatus status) {
        return new PresenceRecord(userId, status, null, T0, T0, T0.plusSeconds(60), 60L, "node-a", 0);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
