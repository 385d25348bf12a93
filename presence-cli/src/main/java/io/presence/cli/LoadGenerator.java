package io.presence.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Sends a bench's requests: from one thread, at most {@code concurrency} in flight, each a read with
 * probability {@code readRatio} of a random user. With a rate it is open-loop: request {@code i} is
 * due at {@code start + i / rate}, whatever the answers do (a request that finds every slot busy
 * goes as soon as one frees, so a saturated node shows as throughput below the target). Latency is
 * measured from sending to the answer.
 *
 * <p>Time comes from a ticker and waits go through a pacer, so tests drive both with a fake clock.
 */
final class LoadGenerator {

    /** Waits until the ticker reads {@code deadlineNanos}. */
    @FunctionalInterface
    interface Pacer {
        void awaitNanos(long deadlineNanos) throws InterruptedException;
    }

    private final BenchPlan plan;
    private final BenchTarget target;
    private final LongSupplier ticker;
    private final Pacer pacer;
    private final RandomGenerator random;
    private final Semaphore slots;

    LoadGenerator(BenchPlan plan, BenchTarget target, LongSupplier ticker, Pacer pacer, RandomGenerator random) {
        this.plan = plan;
        this.target = target;
        this.ticker = ticker;
        this.pacer = pacer;
        this.random = random;
        this.slots = new Semaphore(plan.concurrency());
    }

    /** A generator on the system's monotonic clock. */
    static LoadGenerator system(BenchPlan plan, BenchTarget target) {
        return new LoadGenerator(plan, target, System::nanoTime, LoadGenerator::parkUntil, new SplittableRandom());
    }

    /**
     * Writes every user once, {@code concurrency} at a time, so the run's reads find them; stops
     * sending at the first failure.
     *
     * @return the first failure, if any
     */
    Optional<Throwable> seed() throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < plan.users() && failure.get() == null; i++) {
            String user = BenchPlan.user(i);
            slots.acquire();
            send(() -> target.write(user)).whenComplete((done, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                slots.release();
            });
        }
        drain();
        return Optional.ofNullable(failure.get());
    }

    /**
     * Sends the mix for {@code length} and waits for the requests still in flight.
     *
     * @return what the phase counted
     */
    BenchTally run(Duration length) throws InterruptedException {
        BenchTally tally = new BenchTally();
        long start = ticker.getAsLong();
        long end = start + length.toNanos();
        for (long i = 0; ; i++) {
            if (plan.rate() > 0) {
                long due = start + (long) (i * 1e9 / plan.rate());
                if (due >= end) {
                    break;
                }
                pacer.awaitNanos(due);
            }
            slots.acquire();
            long sent = ticker.getAsLong();
            if (sent >= end) {
                slots.release();
                break;
            }
            sendOne(tally, sent);
        }
        drain();
        // A paced phase stops sending at its last due time, before the end: it still lasted its length.
        tally.finished(Math.max(ticker.getAsLong(), end) - start);
        return tally;
    }

    private void sendOne(BenchTally tally, long sent) {
        String user = BenchPlan.user(random.nextInt(plan.users()));
        boolean read = random.nextDouble() < plan.readRatio();
        BenchTally.Op op = read ? tally.read : tally.write;
        CompletableFuture<?> request = read ? send(() -> target.read(user)) : send(() -> target.write(user));
        request.whenComplete((answer, error) -> {
            if (error != null) {
                op.failed();
                tally.errors.add(error);
            } else {
                op.answered(ticker.getAsLong() - sent, !Boolean.FALSE.equals(answer));
            }
            slots.release();
        });
    }

    /** A request that throws instead of returning a future still has to give its slot back. */
    private static CompletableFuture<?> send(Supplier<CompletableFuture<?>> request) {
        try {
            return request.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void drain() throws InterruptedException {
        slots.acquire(plan.concurrency());
        slots.release(plan.concurrency());
    }

    private static void parkUntil(long deadlineNanos) throws InterruptedException {
        for (long wait = deadlineNanos - System.nanoTime(); wait > 0; wait = deadlineNanos - System.nanoTime()) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
