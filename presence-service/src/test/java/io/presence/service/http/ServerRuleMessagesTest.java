package io.presence.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.api.PresenceStatus;
import io.presence.api.PresenceUpdate;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ServerRuleMessagesTest {

    private final Validator validator = ServerRuleMessages.validator(5, 600, was -> "must be between 5 and 600 seconds"
            + " (was " + was + ")");

    /** Each field's violations as messages; one rule broken twice (the contract's bound and this server's) is one. */
    private Map<String, String> violations(PresenceUpdate update) {
        return validator.validate(update).stream().collect(Collectors.toMap(
                violation -> violation.getPropertyPath().toString(), ConstraintViolation::getMessage,
                (one, other) -> one.equals(other) ? one : one + " | " + other));
    }

    @Test
    void aTtlOutsideTheContractIsToldThisServersBoundsAndTheValueSent() {
        assertThat(violations(new PresenceUpdate(PresenceStatus.ONLINE, null, 0L)))
                .containsExactly(Map.entry("ttlSeconds", "must be between 5 and 600 seconds (was 0)"));
        assertThat(violations(new PresenceUpdate(PresenceStatus.ONLINE, null, 86_401L)))
                .containsExactly(Map.entry("ttlSeconds", "must be between 5 and 600 seconds (was 86401)"));
    }

    /** A ttl the contract allows but this server does not is told with the other invalid fields, not after them. */
    @Test
    void aTtlOutsideThisServersBoundsAloneIsToldBesideTheOtherFields() {
        assertThat(violations(new PresenceUpdate(null, "x".repeat(300), 2L)))
                .containsEntry("ttlSeconds", "must be between 5 and 600 seconds (was 2)")
                .containsEntry("status", "must not be null")
                .containsKey("message");
        assertThat(violations(new PresenceUpdate(PresenceStatus.ONLINE, null, 601L)))
                .containsExactly(Map.entry("ttlSeconds", "must be between 5 and 600 seconds (was 601)"));
        assertThat(violations(new PresenceUpdate(PresenceStatus.ONLINE, null, 5L))).isEmpty();
        assertThat(violations(new PresenceUpdate(PresenceStatus.ONLINE, null, 600L))).isEmpty();
    }

    @Test
    void everyOtherRuleKeepsTheContractsWords() {
        assertThat(violations(new PresenceUpdate(null, "x".repeat(300), 60L)))
                .containsEntry("status", "must not be null")
                .containsKey("message")
                .doesNotContainKey("ttlSeconds");
        assertThat(violations(new PresenceUpdate(PresenceStatus.AWAY, "lunch", 60L))).isEmpty();
    }
}
