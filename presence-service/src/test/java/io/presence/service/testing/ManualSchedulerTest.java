package io.presence.service.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    /** What ran, as "name@millis since T0". */
    private final List<String> ran = new CopyOnWriteArrayList<>();

    private Runnable task(String name) {
        return () -> ran.add(name + "@" + Duration.between(T0, clock.instant()).toMillis());
    }

    @Test
    void runsEachTaskAtItsDueTimeInOrderOnlyWhenTheClockIsAdvanced() {
        scheduler.schedule(task("late"), 30, TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(task("tick"), 10, 10, TimeUnit.MILLISECONDS);
        scheduler.execute(task("now"));
        assertThat(ran).isEmpty();

        scheduler.advance(Duration.ofMillis(35));

        assertThat(ran).containsExactly("now@0", "tick@10", "tick@20", "late@30", "tick@30");
        assertThat(clock.instant()).isEqualTo(T0.plusMillis(35));
        assertThat(scheduler.pending()).isEqualTo(1);
    }

    @Test
    void aCancelledTaskDoesNotRunAgain() {
        ScheduledFuture<?> tick = scheduler.scheduleWithFixedDelay(task("tick"), 10, 10, TimeUnit.MILLISECONDS);
        scheduler.advance(Duration.ofMillis(10));
        tick.cancel(false);

        scheduler.advance(Duration.ofMillis(50));

        assertThat(ran).containsExactly("tick@10");
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void shutdownEndsPeriodicTasksLetsDelayedOnesRunAndRefusesNewOnes() {
        scheduler.scheduleAtFixedRate(task("tick"), 10, 10, TimeUnit.MILLISECONDS);
        scheduler.schedule(task("once"), 20, TimeUnit.MILLISECONDS);

        scheduler.shutdown();
        scheduler.advance(Duration.ofMillis(50));

        assertThat(ran).containsExactly("once@20");
        assertThat(scheduler.isTerminated()).isTrue();
        assertThatThrownBy(() -> scheduler.execute(task("after"))).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void shutdownNowHandsBackWhatNeverRan() {
        scheduler.schedule(task("once"), 20, TimeUnit.MILLISECONDS);

        assertThat(scheduler.shutdownNow()).hasSize(1);
        scheduler.advance(Duration.ofMillis(50));

        assertThat(ran).isEmpty();
        assertThat(scheduler.isTerminated()).isTrue();
    }
}
