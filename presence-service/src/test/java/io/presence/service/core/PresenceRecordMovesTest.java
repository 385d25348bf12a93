package io.presence.service.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.api.PresenceStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a record stored again at a later revision must keep to read as unchanged. */
class PresenceRecordMovesTest {

    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    private static PresenceRecord online(String message, long revision) {
        return new PresenceRecord("u", PresenceStatus.ONLINE, message, T0, T0, T0.plusSeconds(60), 60L, "n1", revision);
    }

    private static PresenceRecord invisible(long revision, long publicFrom) {
        return new PresenceRecord("u", PresenceStatus.ONLINE, null, T0, T0, T0.plusSeconds(60), 60L, "n1", revision,
                List.of(), T0.minusSeconds(5), false, publicFrom);
    }

    @Test
    void theSameRecordAtAnotherRevisionRestatesIt() {
        assertThat(online("hi", 90).restates(online("hi", 7))).isTrue();
        assertThat(online("hi", 90).restates(online("bye", 7))).isFalse();
        assertThat(online("hi", 90).restates(online("hi", 7).asOffline())).isFalse();
        assertThat(online("hi", 90).restates(new PresenceRecord("v", PresenceStatus.ONLINE, "hi", T0, T0,
                T0.plusSeconds(60), 60L, "n1", 7))).as("another user").isFalse();
    }

    /** A watch may find this node's write in the cache already: that is the write, to be sent, not a move. */
    @Test
    void aRecordDoesNotRestateItselfNorALaterOne() {
        assertThat(online("hi", 7).restates(online("hi", 7))).isFalse();
        assertThat(online("hi", 7).restates(online("hi", 90))).isFalse();
    }

    @Test
    void aUserWithPrivacySettingsIsRestatedOnlyWithThePublicRevisionEveryoneElseRead() {
        PresenceRecord stored = invisible(7, 0);
        PresenceRecord pinned = stored.withPublicRevisionPinned();
        assertThat(pinned.publicRevision()).isEqualTo(7);
        assertThat(pinned.withRevision(90).restates(stored)).isTrue();
        assertThat(pinned.withRevision(90).publicRevision()).isEqualTo(7);
        assertThat(stored.withRevision(90).restates(stored)).as("a new public revision").isFalse();
        assertThat(invisible(7, 3).withPublicRevisionPinned()).as("named already").isEqualTo(invisible(7, 3));
        assertThat(online("hi", 7).withPublicRevisionPinned()).as("no privacy settings").isEqualTo(online("hi", 7));
    }
}
