package io.presence.cli;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What one phase of a bench counted. Requests complete on the HTTP client's threads, so every counter
 * takes concurrent updates; read it after the phase has drained.
 */
final class BenchTally {

    /** One kind of request: latencies of the answered ones (in microseconds), not-found answers, failures. */
    static final class Op {
        // Three significant digits: a 1 ms latency is kept to the microsecond; the histogram grows as needed.
        private final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(3);
        private final LongAdder notFound = new LongAdder();
        private final LongAdder failed = new LongAdder();

        void answered(long latencyNanos, boolean found) {
            latencyMicros.recordValue(TimeUnit.NANOSECONDS.toMicros(Math.max(0, latencyNanos)));
            if (!found) {
                notFound.increment();
            }
        }

        void failed() {
            failed.increment();
        }

        long requests() {
            return latencyMicros.getTotalCount() + failed.sum();
        }

        long notFound() {
            return notFound.sum();
        }

        long errors() {
            return failed.sum();
        }

        Histogram latencies() {
            return latencyMicros.copy();
        }
    }

    final Op read = new Op();
    final Op write = new Op();
    final ErrorTally errors = new ErrorTally();
    private volatile long elapsedNanos;

    void finished(long nanos) {
        elapsedNanos = nanos;
    }

    long elapsedNanos() {
        return elapsedNanos;
    }
}
