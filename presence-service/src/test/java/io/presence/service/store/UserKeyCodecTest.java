package io.presence.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class UserKeyCodecTest {

    /** What NATS KV accepts as a key: these characters, no empty dot-separated token. */
    private static final Pattern KV_KEY = Pattern.compile("[-/_=a-zA-Z0-9]+(\\.[-/_=a-zA-Z0-9]+)*");

    @ParameterizedTest
    @ValueSource(strings = {"alice", "alice@example.com", ".leading", "trailing.", "a..b", "...", "u:1:2",
            "@", ":", "-_-", "A.B@C:D", "x"})
    void everyValidUserIdRoundTripsThroughAValidKey(String userId) {
        String key = UserKeyCodec.encode(userId);
        assertThat(key).matches(KV_KEY);
        assertThat(UserKeyCodec.decode(key)).isEqualTo(userId);
    }

    @Test
    void keepsPlainIdsReadable() {
        assertThat(UserKeyCodec.encode("alice_01-x")).isEqualTo("alice_01-x");
        assertThat(UserKeyCodec.encode("alice@example.com")).isEqualTo("alice=40example=2Ecom");
    }

    @Test
    void roundTripsTheLongestId() {
        String userId = ".@:".repeat(42) + "ab";
        assertThat(UserKeyCodec.decode(UserKeyCodec.encode(userId))).isEqualTo(userId);
    }

    @Test
    void rejectsKeysItDidNotProduce() {
        assertThatThrownBy(() -> UserKeyCodec.decode("bad=4")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserKeyCodec.decode("bad=ZZ")).isInstanceOf(IllegalArgumentException.class);
    }
}
