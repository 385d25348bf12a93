package io.presence.service.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.presence.api.PresenceStatus;
import io.presence.service.core.PresenceRecord;
import io.presence.service.errors.InvalidInputException;
import java.time.Instant;
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

    @Test
    void ifNoneMatchAcceptsListsWeakTagsAndStar() {
        assertThat(EntityTags.matchesAny(null, "\"7\"")).isFalse();
        assertThat(EntityTags.matchesAny("\"6\", W/\"7\"", "\"7\"")).isTrue();
        assertThat(EntityTags.matchesAny("*", "\"7\"")).isTrue();
        assertThat(EntityTags.matchesAny("\"6\"", "\"7\"")).isFalse();
    }

    @Test
    void ifMatchNeedsOneRevision() {
        assertThat(EntityTags.requiredRevision(null)).isEmpty();
        assertThat(EntityTags.requiredRevision("\"42\"")).hasValue(42);
        assertThat(EntityTags.requiredRevision("42")).hasValue(42);
        assertThat(EntityTags.requiredRevision("\"42-lapsed\"")).hasValue(42);
        assertThatThrownBy(() -> EntityTags.requiredRevision("\"42-later\"")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> EntityTags.requiredRevision("\"abc\"")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> EntityTags.requiredRevision("x".repeat(100)))
                .hasMessageContaining("...");
    }
}
