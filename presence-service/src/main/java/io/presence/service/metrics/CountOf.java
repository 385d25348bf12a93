package io.presence.service.metrics;

import com.codahale.metrics.Counter;
import java.util.function.LongSupplier;

/**
 * A counter whose count is kept elsewhere (Caffeine's statistics, the nats-server supervisor's restarts) and
 * read when the metric is. Registered as a {@link Counter} so that {@code /metrics} lists it with the counters
 * and {@code /prometheus} exports it as a counter ({@code _total}), not as a gauge that happens to only grow.
 * It is only read: the place that keeps the count counts.
 */
public final class CountOf extends Counter {

    private final LongSupplier count;

    public CountOf(LongSupplier count) {
        this.count = count;
    }

    @Override
    public long getCount() {
        return count.getAsLong();
    }

    @Override
    public void inc(long n) {
        throw new UnsupportedOperationException("counted where it is kept; this counter only reads it");
    }

    @Override
    public void dec(long n) {
        throw new UnsupportedOperationException("counted where it is kept; this counter only reads it");
    }
}
