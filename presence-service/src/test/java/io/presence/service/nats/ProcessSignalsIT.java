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

    /**
     * nats-server, the child this is for, installs its own SIGINT handler. A plain command would not do:
     * started from a shell that ignores SIGINT (nohup, a background job, some CI runners) it inherits the
     * ignored signal and cannot be interrupted at all.
     */
    @Test
    void interruptStopsAProcessThatHonoursSigint() throws Exception {
        int port = TestProcesses.freePort();
        Process server = processes.spawn(List.of(NatsServerBinary.resolve("nats-server").toString(),
                "-a", "127.0.0.1", "-p", Integer.toString(port)), dir);
        // Its handler is installed by the time it listens; a signal before then could find SIGINT ignored.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                return true;
            }
        });

        boolean forced = ProcessSignals.interruptThenKill(server.toHandle(), Duration.ofSeconds(5));

        assertThat(forced).isFalse();
        assertThat(server.isAlive()).isFalse();
        assertThat(server.exitValue()).as("nats-server exits 0 on SIGINT").isZero();
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
