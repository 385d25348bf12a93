package io.presence.cli;

import java.time.Duration;

/**
 * What {@code presence bench} runs: how long, over how many users, which mix, how many requests in
 * flight and at what rate.
 *
 * @param duration    the measured phase
 * @param warmup      a phase before it whose numbers are discarded (connections, JIT, caches); zero for none
 * @param users       the size of the user pool {@code bench-0 .. bench-(users-1)}
 * @param readRatio   the share of requests that are reads, 0 to 1
 * @param concurrency the most requests in flight at once
 * @param rate        the target of requests per second over all workers; 0 for as many as possible
 */
record BenchPlan(Duration duration, Duration warmup, int users, double readRatio, int concurrency, double rate) {

    /** Beyond this a single CLI process measures its own queueing rather than the node. */
    static final int MAX_CONCURRENCY = 1024;

    BenchPlan {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive (was " + Converters.human(duration) + ")");
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup must not be negative (was " + Converters.human(warmup) + ")");
        }
        if (users < 1) {
            throw new IllegalArgumentException("--users must be at least 1 (was " + users + ")");
        }
        if (!(readRatio >= 0 && readRatio <= 1)) {
            throw new IllegalArgumentException("--read-ratio must be between 0 and 1 (was " + readRatio + ")");
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("--concurrency must be 1-" + MAX_CONCURRENCY + " (was " + concurrency + ")");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("--rate must be 0 (no limit) or a positive number (was " + rate + ")");
        }
    }

    /** @return whether any request is a write, and so needs a token */
    boolean writes() {
        return readRatio < 1;
    }

    /** @return the id of user number {@code index} */
    static String user(int index) {
        return "bench-" + index;
    }
}
