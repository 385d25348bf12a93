package io.presence.service.nats;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NatsServerProcessBuilderTest {

    private static NatsServerProcess.Builder valid() {
        return NatsServerProcess.builder().settings(TestProcesses.settings(Path.of("target/x"), 0, 0, 0));
    }

    @Test
    void requiresSettingsAndBinary() {
        assertThatThrownBy(() -> NatsServerProcess.builder().build()).hasMessageContaining("settings");
        assertThatThrownBy(() -> valid().serverBinary(null).build()).hasMessageContaining("serverBinary");
    }

    @Test
    void rejectsNonPositiveDurations() {
        assertThatThrownBy(() -> valid().startupTimeout(Duration.ZERO).build()).hasMessageContaining("startupTimeout");
        assertThatThrownBy(() -> valid().shutdownTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("shutdownTimeout");
        assertThatThrownBy(() -> valid().healthyResetAfter(null).build()).hasMessageContaining("healthyResetAfter");
        assertThatThrownBy(() -> valid().restartDelay(Duration.ZERO, Duration.ofSeconds(1)).build())
                .hasMessageContaining("restartDelay min");
    }

    @Test
    void rejectsMaximumDelayBelowMinimum() {
        assertThatThrownBy(() -> valid().restartDelay(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
                .hasMessageContaining("max must be >= min");
    }
}
