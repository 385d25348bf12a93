package io.presence.client;

import java.time.Duration;

/**
 * When a heartbeat beats next. After a success: at about half the TTL, less up to a tenth of it, so a lost
 * beat still leaves time for a retry and many clients started together drift apart. After failures: from an
 * eighth of the TTL, doubling per failure up to half the TTL, with equal jitter (half to all of it), so a
 * struggling server is not hammered in step yet the user is retried well before the TTL runs out.
 */
final class HeartbeatSchedule {

    private final long ttlMillis;

    HeartbeatSchedule(Duration ttl) {
        this.ttlMillis = ttl.toMillis();
    }

    /**
     * @param random a value in [0, 1)
     * @return the wait after a successful beat
     */
    Duration afterSuccess(double random) {
        return Duration.ofMillis(ttlMillis / 2 - (long) (ttlMillis / 10 * random));
    }

    /**
     * @param failures the failed beats in a row, at least 1
     * @param random   a value in [0, 1)
     * @return the wait before the next attempt
     */
    Duration afterFailure(int failures, double random) {
        int doublings = Math.min(failures - 1, 8); // 1/8 doubled three times passes the cap of 1/2
        long wait = Math.min(ttlMillis / 2, (ttlMillis / 8) << doublings);
        return Duration.ofMillis(wait / 2 + (long) (wait / 2 * random));
    }
}
