package io.presence.service.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {

    private final RestartBackoff backoff =
            new RestartBackoff(Duration.ofMillis(200), Duration.ofMillis(1000), Duration.ofSeconds(60));

    @Test
    void doublesEachDelayUpToTheMaximum() {
        assertThat(backoff.takeDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.takeDelay()).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.takeDelay()).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofMillis(1000));
        assertThat(backoff.takeDelay()).isEqualTo(Duration.ofMillis(1000));
        assertThat(backoff.takeDelay()).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void startsOverAfterAChildThatRanLongEnough() {
        backoff.takeDelay();
        backoff.takeDelay();

        backoff.childDiedAfter(Duration.ofSeconds(59));
        assertThat(backoff.nextDelay()).as("a short run keeps backing off").isEqualTo(Duration.ofMillis(800));

        backoff.childDiedAfter(Duration.ofSeconds(60));
        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofMillis(200));
    }
}
