package io.presence.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackupsTest {

    @Test
    void whatTheApiServesCanBeImported() {
        assertThat(Backups.problems(Samples.online())).isEmpty();
        assertThat(Backups.problems(Samples.offline())).isEmpty();
    }

    @Test
    void namesEveryProblemOfALine() {
        Presence empty = new Presence(null, null, null, null, null, null, null, " ", 0);
        assertThat(Backups.problems(empty)).containsExactly("userId must not be null", "status must not be null",
                "lastSeen must not be null", "updatedAt must not be null", "nodeId must not be null or blank");

        Presence online = Samples.online();
        Presence broken = new Presence("import", online.status(), "x".repeat(257), online.lastSeen(),
                online.updatedAt(), online.expiresAt(), 0L, null, 1);
        assertThat(Backups.problems(broken)).containsExactly("userId " + PresenceLimits.USER_ID_RULE,
                "nodeId must not be null or blank", "message must be at most 256 characters",
                "ttlSeconds must be at least 1");
        Presence control = new Presence("alice", online.status(), "a\tb", online.lastSeen(), online.updatedAt(),
                null, null, "n", 1);
        assertThat(Backups.problems(control)).containsExactly("message must not contain control characters");
    }
}
