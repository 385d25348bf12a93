package io.presence.service.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler on a {@link MutableClock}: nothing runs until the test calls {@link #advance}, which moves
 * the clock and runs each task that falls due on the way, on the test's thread, at its due time. A
 * 15 s heartbeat is then tested in no time, and without the races of a real timer.
 *
 * <p>Like {@link java.util.concurrent.ScheduledThreadPoolExecutor}: {@link #shutdown} cancels periodic
 * tasks and lets delayed ones run, {@link #shutdownNow} cancels everything. Tasks take no time on this
 * clock, so a fixed rate and a fixed delay are the same.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final MutableClock clock;
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    /** Orders tasks due at the same instant by when they were scheduled. */
    private long scheduled;
    private boolean shutdown;

    public ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    /** Moves the clock by {@code duration}, running every task due by then in order of due time. */
    public void advance(Duration duration) {
        Instant end = clock.instant().plus(duration);
        for (Task<?> next = nextDueBy(end); next != null; next = nextDueBy(end)) {
            moveTo(next.due);
            next.run();
        }
        moveTo(end);
    }

    /** Forward only: a task may have moved the clock past this point itself. */
    private void moveTo(Instant instant) {
        if (instant.isAfter(clock.instant())) {
            clock.advance(Duration.between(clock.instant(), instant));
        }
    }

    /** Tasks still to run. */
    public synchronized int pending() {
        queue.removeIf(Task::isCancelled);
        return queue.size();
    }

    private synchronized Task<?> nextDueBy(Instant end) {
        queue.removeIf(Task::isCancelled);
        Task<?> next = queue.peek();
        return next == null || next.due.isAfter(end) ? null : queue.poll();
    }

    private synchronized <V> Task<V> enqueue(Task<V> task) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        queue.add(task);
        return task;
    }

    private <V> Task<V> schedule(Callable<V> callable, long delay, long period, TimeUnit unit) {
        return enqueue(new Task<>(callable, clock.instant().plusNanos(unit.toNanos(delay)),
                Duration.ofNanos(unit.toNanos(period))));
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return schedule(Executors.callable(command), delay, 0, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return schedule(callable, delay, 0, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return schedule(Executors.callable(command), initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return schedule(Executors.callable(command), initialDelay, delay, unit);
    }

    /** Runs at the next {@link #advance}, even one of zero. */
    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
        queue.removeIf(task -> task.isPeriodic() && task.cancel(false));
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> never = new ArrayList<>(queue);
        queue.forEach(task -> task.cancel(false));
        queue.clear();
        return never;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && pending() == 0;
    }

    /** Time does not pass while waiting: terminated now, or never. */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        private final Duration period;
        private final long order;
        private Instant due;

        Task(Callable<V> callable, Instant due, Duration period) {
            super(callable);
            this.due = due;
            this.period = period;
            synchronized (ManualScheduler.this) {
                this.order = scheduled++;
            }
        }

        boolean isPeriodic() {
            return !period.isZero();
        }

        @Override
        public void run() {
            if (!isPeriodic()) {
                super.run();
            } else if (runAndReset()) {
                // As ScheduledThreadPoolExecutor: a periodic task that throws is not run again.
                due = due.plus(period);
                synchronized (ManualScheduler.this) {
                    if (!shutdown) {
                        queue.add(this);
                    }
                }
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), due));
        }

        @Override
        public int compareTo(Delayed other) {
            if (other instanceof Task<?> task) {
                int byDue = due.compareTo(task.due);
                return byDue != 0 ? byDue : Long.compare(order, task.order);
            }
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
