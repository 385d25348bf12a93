package io.presence.service.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessSignalsIT {

    @TempDir
    Path dir;

    private final TestProcesses processes = new TestProcesses();

    @AfterEach
    void stopChildren() throws Exception {
        processes.stopAll();
    }

    @Test
    void interruptStopsAProcessThatHonoursSigint() throws Exception {
        Process sleeper = processes.spawn(List.of("sleep", "60"), dir);

        boolean forced = ProcessSignals.interruptThenKill(sleeper.toHandle(), Duration.ofSeconds(5));

        assertThat(forced).isFalse();
        assertThat(sleeper.isAlive()).isFalse();
    }

    @Test
    void killsAProcessThatIgnoresSigintAfterTheTimeout() throws Exception {
        // An ignored signal stays ignored across exec, so sleep ignores SIGINT too.
        Process stubborn = processes.spawn(List.of("sh", "-c", "trap '' INT; touch trapped; exec sleep 60"), dir);
        // SIGINT before the trap is installed would end sh at once (seen under load): wait for the trap.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> java.nio.file.Files.exists(dir.resolve("trapped")));

        boolean forced = ProcessSignals.interruptThenKill(stubborn.toHandle(), Duration.ofMillis(300));

        assertThat(forced).isTrue();
        assertThat(stubborn.isAlive()).isFalse();
    }

    @Test
    void deadProcessNeedsNothing() throws Exception {
        Process done = processes.spawn(List.of("true"), dir);
        done.waitFor();

        assertThat(ProcessSignals.interruptThenKill(done.toHandle(), Duration.ofSeconds(1))).isFalse();
        assertThat(ProcessSignals.sendInterrupt(done.pid())).isFalse();
    }
}
