package io.presence.service.nats;

import java.time.Duration;

/**
 * The delay before each restart of a child that died on its own: it doubles per consecutive failure
 * up to a maximum, and starts over from the minimum once a child has stayed up long enough. Not
 * thread-safe: the supervisor uses it under its lock.
 */
final class RestartBackoff {

    private final Duration min;
    private final Duration max;
    private final Duration healthyResetAfter;
    private Duration next;

    RestartBackoff(Duration min, Duration max, Duration healthyResetAfter) {
        this.min = min;
        this.max = max;
        this.healthyResetAfter = healthyResetAfter;
        this.next = min;
    }

    /** A child died after {@code uptime}: one that ran long enough was healthy, so its death is a first failure. */
    void childDiedAfter(Duration uptime) {
        if (uptime.compareTo(healthyResetAfter) >= 0) {
            next = min;
        }
    }

    /** The delay the next restart will wait. */
    Duration nextDelay() {
        return next;
    }

    /** The delay for the restart being scheduled now; the one after waits twice as long, up to the maximum. */
    Duration takeDelay() {
        Duration delay = next;
        Duration doubled = delay.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return delay;
    }
}
