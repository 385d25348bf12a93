package io.presence.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatScheduleTest {

    private final HeartbeatSchedule schedule = new HeartbeatSchedule(Duration.ofSeconds(80));

    @Test
    void beatsAtHalfTheTtlLessUpToATenth() {
        assertThat(schedule.afterSuccess(0)).isEqualTo(Duration.ofSeconds(40));
        assertThat(schedule.afterSuccess(0.999)).isBetween(Duration.ofSeconds(32), Duration.ofMillis(32_010));
    }

    @Test
    void backsOffFromAnEighthDoublingUpToHalfWithEqualJitter() {
        assertThat(schedule.afterFailure(1, 0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(schedule.afterFailure(1, 0.999)).isBetween(Duration.ofMillis(9_990), Duration.ofSeconds(10));
        assertThat(schedule.afterFailure(2, 0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(schedule.afterFailure(3, 0)).isEqualTo(Duration.ofSeconds(20));
        assertThat(schedule.afterFailure(4, 0)).isEqualTo(Duration.ofSeconds(20));
        assertThat(schedule.afterFailure(1000, 0.999)).isBetween(Duration.ofMillis(39_960), Duration.ofSeconds(40));
    }
}
