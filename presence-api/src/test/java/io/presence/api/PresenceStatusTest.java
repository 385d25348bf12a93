package io.presence.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PresenceStatusTest {

    @Test
    void wireNamesAreLowercase() {
        assertThat(Arrays.stream(PresenceStatus.values()).map(PresenceStatus::wireName))
                .containsExactly("online", "away", "busy", "offline");
        assertThat(PresenceStatus.ALLOWED_VALUES).isEqualTo("online|away|busy|offline");
    }

    @ParameterizedTest
    @EnumSource(PresenceStatus.class)
    void parsesItsOwnWireName(PresenceStatus status) {
        assertThat(PresenceStatus.fromWireName(status.wireName())).contains(status);
        assertThat(TestJson.write(status)).isEqualTo("\"" + status.wireName() + "\"");
        assertThat(TestJson.read("\"" + status.wireName() + "\"", PresenceStatus.class)).isEqualTo(status);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"ONLINE", "Online", " online", "online ", "sleeping", "dnd"})
    void rejectsAnyOtherSpelling(String value) {
        assertThat(PresenceStatus.fromWireName(value)).isEmpty();
    }
}
