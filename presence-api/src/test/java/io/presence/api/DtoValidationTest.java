package io.presence.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DtoValidationTest {

    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void createValidator() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void closeValidator() {
        factory.close();
    }

    /** Violations as property path to message, so tests can say which field failed and why. */
    private static Map<String, String> violations(Object value) {
        Set<ConstraintViolation<Object>> found = validator.validate(value);
        return found.stream().collect(Collectors.toMap(v -> v.getPropertyPath().toString(),
                ConstraintViolation::getMessage, (a, b) -> a + "; " + b, TreeMap::new));
    }

    @Test
    void acceptsSamples() {
        assertThat(violations(Samples.update())).isEmpty();
        assertThat(violations(PresenceUpdate.of(PresenceStatus.OFFLINE))).isEmpty();
        assertThat(violations(Samples.batch())).isEmpty();
        assertThat(violations(Samples.online())).isEmpty();
        assertThat(violations(Samples.list())).isEmpty();
        assertThat(violations(Samples.error())).isEmpty();
    }

    @Test
    void acceptsMessageOfExactly256Characters() {
        assertThat(violations(new PresenceUpdate(PresenceStatus.ONLINE, "m".repeat(256), null))).isEmpty();
    }

    @Test
    void rejectsMessageLongerThan256Characters() {
        assertThat(violations(new PresenceUpdate(PresenceStatus.ONLINE, "m".repeat(257), null)))
                .containsOnlyKeys("message")
                .hasEntrySatisfying("message", m -> assertThat(m).contains("256"));
    }

    @Test
    void countsAMessagesCharactersAsCodePointsSoAnEmojiIsOne() {
        String emoji = "\uD83D\uDE00";
        assertThat(violations(new PresenceUpdate(PresenceStatus.ONLINE, emoji.repeat(256), null))).isEmpty();
        assertThat(violations(new PresenceUpdate(PresenceStatus.ONLINE, emoji.repeat(257), null)))
                .containsEntry("message", "must be at most 256 characters");
    }

    @Test
    void rejectsMessageWithControlCharacters() {
        assertThat(violations(new PresenceUpdate(PresenceStatus.ONLINE, "two\nlines", null)))
                .containsExactly(Map.entry("message", "must not contain control characters or unpaired surrogates"));
        assertThat(violations(new PresenceUpdate(PresenceStatus.ONLINE, "next line\u0085", null)))
                .containsOnlyKeys("message");
    }

    @Test
    void rejectsMissingStatus() {
        assertThat(violations(new PresenceUpdate(null, "hi", 60L))).containsOnlyKeys("status");
    }

    @Test
    void rejectsNonPositiveTtl() {
        assertThat(violations(new PresenceUpdate(PresenceStatus.ONLINE, null, 0L))).containsOnlyKeys("ttlSeconds");
        assertThat(violations(new PresenceUpdate(PresenceStatus.ONLINE, null, -5L))).containsOnlyKeys("ttlSeconds");
        // Both ends in the same words, which a server's narrower bounds do not contradict.
        assertThat(violations(new PresenceUpdate(PresenceStatus.ONLINE, null, 0L))).containsEntry("ttlSeconds",
                "must be between 1 and 86400 seconds (this server's own bounds may be narrower)");
        assertThat(violations(new PresenceUpdate(PresenceStatus.ONLINE, null, 86_401L)))
                .containsEntry("ttlSeconds", PresenceUpdate.TTL_RULE);
    }

    @Test
    void acceptsTtlUpTo86400AndRejectsLonger() {
        assertThat(violations(new PresenceUpdate(PresenceStatus.ONLINE, null, 1L))).isEmpty();
        assertThat(violations(new PresenceUpdate(PresenceStatus.ONLINE, null, 86_400L))).isEmpty();
        assertThat(violations(new PresenceUpdate(PresenceStatus.ONLINE, null, 86_401L)))
                .containsOnlyKeys("ttlSeconds")
                .hasEntrySatisfying("ttlSeconds", m -> assertThat(m).contains("86400"));
    }

    @Test
    void rejectsPresenceBeyondTheLimitsItWasWrittenWith() {
        Presence tooLong = new Presence("alice", PresenceStatus.ONLINE, "m".repeat(257), Samples.NOW, Samples.NOW,
                Samples.NOW, 86_401L, "center-1", 0);

        assertThat(violations(tooLong)).containsOnlyKeys("message", "ttlSeconds", "revision");
    }

    @Test
    void rejectsMissingOrEmptyBatch() {
        assertThat(violations(new BatchRequest(null))).containsOnlyKeys("userIds");
        assertThat(violations(new BatchRequest(List.of()))).containsOnlyKeys("userIds");
    }

    @Test
    void acceptsBatchOf1000AndRejects1001() {
        List<String> thousand = IntStream.range(0, 1000).mapToObj(i -> "user-" + i).toList();
        List<String> tooMany = new ArrayList<>(thousand);
        tooMany.add("user-1000");

        assertThat(violations(new BatchRequest(thousand))).isEmpty();
        assertThat(violations(new BatchRequest(tooMany)))
                .containsOnlyKeys("userIds")
                .hasEntrySatisfying("userIds", m -> assertThat(m).contains("1000"));
    }

    @Test
    void namesTheInvalidIdInABatch() {
        assertThat(violations(new BatchRequest(List.of("alice", "bob smith", "carol"))))
                .containsExactly(Map.entry("userIds[1].<list element>", PresenceLimits.USER_ID_RULE));
    }

    @Test
    void rejectsIdsThatNameApiPaths() {
        assertThat(violations(new BatchRequest(List.of("batch", "stream", "batches", "export", "import", "imports"))))
                .containsOnlyKeys("userIds[0].<list element>", "userIds[1].<list element>",
                        "userIds[3].<list element>", "userIds[4].<list element>");
    }

    @Test
    void namesANullIdInABatch() {
        assertThat(violations(new BatchRequest(Collections.unmodifiableList(Arrays.asList("alice", null)))))
                .containsOnlyKeys("userIds[1].<list element>");
    }

    @Test
    void rejectsPresenceWithInvalidUserIdOrMissingFields() {
        Presence broken = new Presence("a/b", null, null, null, Samples.NOW, null, null, null, 1);

        // lastSeen may be absent: a user who does not share it is read without it.
        assertThat(violations(broken)).containsOnlyKeys("userId", "status", "nodeId");
    }

    @Test
    void rejectsErrorDetailWithoutField() {
        assertThat(violations(new ErrorDetail(null, "bad"))).containsOnlyKeys("field");
    }
}
