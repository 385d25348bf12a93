package io.presence.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A bench target on a fake clock: each request takes {@code latency} of fake time and is answered at
 * once (or as the test says), and every request is written down.
 */
final class FakeBenchTarget implements BenchTarget {

    /** A ticker the test moves; pacing moves it to the due time, as a real wait would. */
    static final class Clock implements LongSupplier {
        final AtomicLong nanos = new AtomicLong(1_000_000_000L);
        final List<Long> waits = Collections.synchronizedList(new ArrayList<>());

        @Override
        public long getAsLong() {
            return nanos.get();
        }

        void advance(Duration by) {
            nanos.addAndGet(by.toNanos());
        }

        void awaitNanos(long deadline) {
            waits.add(deadline);
            nanos.accumulateAndGet(deadline, Math::max);
        }
    }

    final Clock clock = new Clock();
    final List<String> reads = Collections.synchronizedList(new ArrayList<>());
    final List<String> writes = Collections.synchronizedList(new ArrayList<>());
    private final Duration latency;
    private Function<String, CompletableFuture<Boolean>> readAnswer = user -> CompletableFuture.completedFuture(true);
    private Function<String, CompletableFuture<?>> writeAnswer = user -> CompletableFuture.completedFuture(null);

    FakeBenchTarget(Duration latency) {
        this.latency = latency;
    }

    FakeBenchTarget answeringReads(Function<String, CompletableFuture<Boolean>> answer) {
        readAnswer = answer;
        return this;
    }

    FakeBenchTarget answeringWrites(Function<String, CompletableFuture<?>> answer) {
        writeAnswer = answer;
        return this;
    }

    LoadGenerator generator(BenchPlan plan, java.util.random.RandomGenerator random) {
        return new LoadGenerator(plan, this, clock, clock::awaitNanos, random);
    }

    @Override
    public CompletableFuture<Boolean> read(String userId) {
        reads.add(userId);
        clock.advance(latency);
        return readAnswer.apply(userId);
    }

    @Override
    public CompletableFuture<?> write(String userId) {
        writes.add(userId);
        clock.advance(latency);
        return writeAnswer.apply(userId);
    }
}
