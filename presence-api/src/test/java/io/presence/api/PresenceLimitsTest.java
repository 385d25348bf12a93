package io.presence.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PresenceLimitsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "alice", "alice@example.com", "team:ops", "a.b_c-d", "0123", "A-Z.a_z@0:9"})
    void acceptsIdsOfAllowedCharacters(String id) {
        assertThat(PresenceLimits.isValidUserId(id)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"a/b", "alice smith", " alice", "alice\n", "\n", "a\u0085", "é", "a+b", "a%2Fb", "a#b",
            "a?b", "a,b"})
    void rejectsEmptyNullAndOtherCharacters(String id) {
        assertThat(PresenceLimits.isValidUserId(id)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"batch", "stream", "export", "import"})
    void rejectsIdsThatNameApiPaths(String id) {
        assertThat(PresenceLimits.isValidUserId(id)).isFalse();
        assertThat(Pattern.compile(PresenceLimits.USER_ID_REGEX).matcher(id).matches()).isFalse();
        assertThat(PresenceLimits.RESERVED_USER_IDS).contains(id);
        assertThat(PresenceLimits.USER_ID_RULE).contains("'" + id + "'", "reserved");
        assertThat(PresenceLimits.isValidUserId(id + "-1")).isTrue();
        assertThat(PresenceLimits.isValidUserId(id.toUpperCase())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {".", ".."})
    void rejectsDotSegmentsThatNoUrlCanAddress(String id) {
        assertThat(PresenceLimits.isValidUserId(id)).isFalse();
        assertThat(Pattern.compile(PresenceLimits.USER_ID_REGEX).matcher(id).matches()).isFalse();
        assertThat(PresenceLimits.isValidUserId(id + "a")).isTrue();
        assertThat(PresenceLimits.isValidUserId("...")).isTrue();
        assertThat(PresenceLimits.isValidUserId("." + id + "a")).isTrue();
    }

    @Test
    void agreesWithTheRegexTheContractPublishes() {
        Pattern regex = Pattern.compile(PresenceLimits.USER_ID_REGEX);
        String alphabet = "aZ09._@:-/ +%é\u0000\n,?#";
        SplittableRandom random = new SplittableRandom(1130);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder id = new StringBuilder();
            int length = random.nextInt(i % 100 == 0 ? 140 : 8);
            for (int c = 0; c < length; c++) {
                id.append(alphabet.charAt(random.nextInt(i % 2 == 0 ? 9 : alphabet.length())));
            }
            String candidate = id.toString();
            assertThat(PresenceLimits.isValidUserId(candidate)).as(candidate)
                    .isEqualTo(regex.matcher(candidate).matches());
        }
        for (char c = 0; c < 0x3000; c++) {
            String candidate = "a" + c;
            assertThat(PresenceLimits.isValidUserId(candidate)).as("char %d", (int) c)
                    .isEqualTo(regex.matcher(candidate).matches());
        }
    }

    @Test
    void acceptsExactly128Characters() {
        assertThat(PresenceLimits.isValidUserId("a".repeat(128))).isTrue();
        assertThat(PresenceLimits.isValidUserId("a".repeat(129))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "In the office", "Ünïcødé ☕ 🎉", "tabs\u00a0are not here"})
    void acceptsMessagesWithoutControlCharacters(String message) {
        assertThat(PresenceLimits.hasNoControlCharacters(message)).isTrue();
    }

    @Test
    void treatsAbsentMessageAsClean() {
        assertThat(PresenceLimits.hasNoControlCharacters(null)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "line\nbreak", "tab\there", "nul\u0000", "del\u007f", "nel\u0085", "c1\u009f",
            "\r", "lone \ud800 high", "lone \udc00 low", "reversed \udc00\ud800"})
    void rejectsMessagesWithControlCharacters(String message) {
        assertThat(PresenceLimits.hasNoControlCharacters(message)).isFalse();
    }

    @Test
    void limitsMatchTheDocumentedDefaults() {
        assertThat(PresenceLimits.MAX_USER_ID_LENGTH).isEqualTo(128);
        assertThat(PresenceLimits.MAX_MESSAGE_LENGTH).isEqualTo(256);
        assertThat(PresenceLimits.MAX_BATCH_SIZE).isEqualTo(1000);
        assertThat(PresenceLimits.MAX_BODY_BYTES).isEqualTo(65536);
        assertThat(PresenceLimits.MIN_TTL_SECONDS).isEqualTo(1);
        assertThat(PresenceLimits.MAX_TTL_SECONDS).isEqualTo(86400);
    }
}
