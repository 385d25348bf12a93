package io.presence.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.presence.api.PresenceStatus;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.InvalidInputException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntityTagsTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void tagIsTheRevisionAndSaysWhenAStatusLapsedUnwritten() {
        PresenceRecord online = new PresenceRecord("a", PresenceStatus.ONLINE, null, T0, T0, T0.plusSeconds(5), 5L,
                "n", 7);
        assertThat(EntityTags.of(online)).isEqualTo("\"7\"");
        assertThat(EntityTags.of(online.asOffline())).isEqualTo("\"7-lapsed\"");
    }

    /** One of two sessions lapsed, not written yet: the user reads as the other one, so the tag says so too. */
    @Test
    void aSessionThatLapsedUnwrittenMarksTheTagAsAWholeLapseDoes() {
        java.util.List<io.presence.service.core.SessionState> sessions = java.util.List.of(
                new io.presence.service.core.SessionState("phone", PresenceStatus.BUSY, "call", T0, T0, T0,
                        T0.plusSeconds(5), 5, "n"),
                new io.presence.service.core.SessionState("laptop", PresenceStatus.ONLINE, null, T0, T0, T0,
                        T0.plusSeconds(60), 60, "n"));
        PresenceRecord both = PresenceRecord.aggregate("a", sessions, T0, "n", null, false, 0).withRevision(7);
        assertThat(EntityTags.of(both.effectiveAt(T0.plusSeconds(4)))).isEqualTo("\"7\"");

        PresenceRecord laptopOnly = both.effectiveAt(T0.plusSeconds(5));
        assertThat(laptopOnly.status()).isEqualTo(PresenceStatus.ONLINE);
        assertThat(EntityTags.of(laptopOnly)).isEqualTo("\"7-lapsed\"");
        PresenceRecord quiet = PresenceRecord.aggregate("a", sessions, T0, "n", null, true, 0).withRevision(7);
        assertThat(EntityTags.ofPublic(quiet.effectiveAt(T0.plusSeconds(5)))).isEqualTo("\"7-lapsed-public\"");
    }

    /** A strong tag names one representation: everyone else's view of a user with privacy settings has its own. */
    @Test
    void everyoneElsesViewOfAUserWithPrivacySettingsHasATagOfItsOwn() {
        PresenceRecord plain = new PresenceRecord("a", PresenceStatus.ONLINE, null, T0, T0, T0.plusSeconds(5), 5L,
                "n", 7);
        assertThat(EntityTags.ofPublic(plain)).isEqualTo(EntityTags.of(plain));
        PresenceRecord quiet = new PresenceRecord("a", PresenceStatus.ONLINE, null, T0, T0, T0.plusSeconds(5), 5L,
                "n", 7, java.util.List.of(), null, true);
        assertThat(EntityTags.ofPublic(quiet)).isEqualTo("\"7-public\"");
        assertThat(EntityTags.ofPublic(quiet.asOffline())).isEqualTo("\"7-lapsed-public\"");
        PresenceRecord hidden = new PresenceRecord("a", PresenceStatus.ONLINE, null, T0, T0, T0.plusSeconds(5), 5L,
                "n", 9, java.util.List.of(), T0, false, 4);
        assertThat(EntityTags.ofPublic(hidden)).isEqualTo("\"4-public\"");
        assertThat(EntityTags.ofPublic(hidden.asOffline())).as("a lapse shows no more").isEqualTo("\"4-public\"");
        assertThat(EntityTags.of(hidden)).isEqualTo("\"9\"");

        assertThat(EntityTags.ifMatch("\"4-public\"").singleRevision()).hasValue(4);
        assertThat(EntityTags.ifNoneMatch("W/\"7-lapsed-public\"").tags()).containsExactly("\"7-lapsed-public\"");
    }

    @Test
    void ifNoneMatchAcceptsListsWeakTagsAndStar() {
        assertThat(EntityTags.matchesAny(null, "\"7\"")).isFalse();
        assertThat(EntityTags.matchesAny("\"6\", W/\"7\"", "\"7\"")).isTrue();
        assertThat(EntityTags.matchesAny("*", "\"7\"")).isTrue();
        assertThat(EntityTags.matchesAny("\"6\"", "\"7\"")).isFalse();
    }

    @Test
    void ifMatchNamesRevisionsOrAnyPresence() {
        assertThat(EntityTags.ifMatch(null)).isEqualTo(IfMatch.NONE);
        assertThat(EntityTags.ifMatch("\"42\"").singleRevision()).hasValue(42);
        assertThat(EntityTags.ifMatch("\"42-lapsed\"").singleRevision()).hasValue(42);
        assertThat(EntityTags.ifMatch(" * ")).isEqualTo(new IfMatch(true, true, Set.of()));
        assertThat(EntityTags.ifMatch("\"41\", W/\"42\", \"43\"")).isEqualTo(new IfMatch(true, false, Set.of(41L, 43L)));
        assertThat(EntityTags.ifMatch("W/\"42\"")).isEqualTo(new IfMatch(true, false, Set.of()));
    }

    /** A read's If-Match compares the representation's tag strongly (RFC 9110 §13.1.1): lapsed and public tags too. */
    @Test
    void aReadsIfMatchHoldsForItsOwnTagAlone() {
        assertThat(EntityTags.ifMatchHolds(null, "\"7\"")).isTrue();
        assertThat(EntityTags.ifMatchHolds("*", "\"7\"")).isTrue();
        assertThat(EntityTags.ifMatchHolds("\"6\", \"7\"", "\"7\"")).isTrue();
        assertThat(EntityTags.ifMatchHolds("\"7-public\"", "\"7-public\"")).isTrue();
        assertThat(EntityTags.ifMatchHolds("\"6\"", "\"7\"")).isFalse();
        assertThat(EntityTags.ifMatchHolds("W/\"7\"", "\"7\"")).as("weak tags never match").isFalse();
        assertThat(EntityTags.ifMatchHolds("\"7\"", "\"7-lapsed\"")).isFalse();
        assertThat(EntityTags.ifMatchHolds("\"7\"", "\"7-public\"")).isFalse();
        assertThatThrownBy(() -> EntityTags.ifMatchHolds("\"abc\"", "\"7\"")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void ifMatchOfWhatCannotBeATagIsABadRequest() {
        assertThatThrownBy(() -> EntityTags.ifMatch("\"42-later\"")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> EntityTags.ifMatch("\"abc\"")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> EntityTags.ifMatch("\"0\"")).as("revisions start at 1")
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("(was \"0\")");
        assertThatThrownBy(() -> EntityTags.ifNoneMatch("\"007\"")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> EntityTags.ifMatch("\"1\", *")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> EntityTags.ifMatch("x".repeat(100))).hasMessageContaining("...");
        for (String unquoted : java.util.List.of("60", "\"60", "60\"", "W/60", ",", ",,")) {
            assertThatThrownBy(() -> EntityTags.ifMatch(unquoted)).as(unquoted).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> EntityTags.ifNoneMatch(unquoted)).as(unquoted)
                    .isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void conditionsAdmitTheRevisionsTheyName() {
        assertThat(new IfMatch(true, true, Set.of()).admits(7)).isTrue();
        assertThat(new IfMatch(true, false, Set.of(6L, 7L)).admits(7)).isTrue();
        assertThat(new IfMatch(true, false, Set.of(6L)).admits(7)).isFalse();
        assertThat(new IfMatch(true, false, Set.of(6L, 7L)).singleRevision()).isEmpty();
        assertThat(IfMatch.NONE.singleRevision()).isEmpty();
    }

    @Test
    void ifNoneMatchOfAWriteNamesTagsAsServedWeakOrStrong() {
        assertThat(EntityTags.ifNoneMatch(null)).isEqualTo(IfNoneMatch.NONE);
        assertThat(EntityTags.ifNoneMatch(" * ")).isEqualTo(new IfNoneMatch(true, true, Set.of()));
        assertThat(EntityTags.ifNoneMatch("\"41\", W/\"42\", \"43\", \"44-lapsed\"")).isEqualTo(new IfNoneMatch(true, false,
                Set.of("\"41\"", "\"42\"", "\"43\"", "\"44-lapsed\"")));
        assertThatThrownBy(() -> EntityTags.ifNoneMatch("\"abc\"")).isInstanceOf(InvalidInputException.class)
                .hasMessage("If-None-Match must be * or tags as returned in ETag, e.g. \"42\" (was \"abc\")");
        assertThatThrownBy(() -> EntityTags.ifNoneMatch("\"1\", *")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void ifNoneMatchAdmitsAWriteUnlessTheCurrentTagIsNamed() {
        Optional<String> none = Optional.empty();
        assertThat(IfNoneMatch.NONE.admits(Optional.of("\"7\""))).isTrue();
        assertThat(new IfNoneMatch(true, true, Set.of()).admits(none)).as("create-only, nothing there").isTrue();
        assertThat(new IfNoneMatch(true, true, Set.of()).admits(Optional.of("\"7\""))).isFalse();
        assertThat(new IfNoneMatch(true, false, Set.of("\"7\"")).admits(Optional.of("\"7\""))).isFalse();
        assertThat(new IfNoneMatch(true, false, Set.of("\"7\"")).admits(Optional.of("\"7-lapsed\"")))
                .as("a lapsed status is another state of the revision").isTrue();
        assertThat(new IfNoneMatch(true, false, Set.of("\"6\"")).admits(Optional.of("\"7\""))).isTrue();
    }
}
