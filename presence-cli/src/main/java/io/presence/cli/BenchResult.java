package io.presence.cli;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A bench's numbers as printed: field order and names are the stable JSON of {@code bench -o json}.
 *
 * @param durationSeconds the measured phase, from the first request sent to the last answer
 * @param users           the user pool size
 * @param readRatio       the share of reads asked for
 * @param concurrency     the most requests in flight
 * @param targetRate      the requests per second asked for, 0 for as many as possible
 * @param requests        requests sent (answered or failed)
 * @param throughput      requests per second
 * @param errors          requests that failed (not-found reads are answers, not errors)
 * @param latencyMs       latency of all answered requests, null when none was answered
 * @param read            the reads
 * @param write           the writes
 * @param errorKinds      the failures by kind
 */
record BenchResult(double durationSeconds, int users, double readRatio, int concurrency, double targetRate,
                   long requests, double throughput, long errors, Latency latencyMs, Operation read,
                   Operation write, List<ErrorTally.Kind> errorKinds) {

    /** Percentiles in milliseconds, to the microsecond. */
    record Latency(double p50, double p90, double p99, double max) {

        static Latency of(Histogram micros) {
            if (micros.getTotalCount() == 0) {
                return null;
            }
            return new Latency(ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
                    ms(micros.getValueAtPercentile(99)), ms(micros.getMaxValue()));
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }
    }

    /** One kind of request. */
    record Operation(long requests, double throughput, long notFound, long errors, Latency latencyMs) {

        static Operation of(BenchTally.Op op, double seconds) {
            return new Operation(op.requests(), perSecond(op.requests(), seconds), op.notFound(), op.errors(),
                    Latency.of(op.latencies()));
        }
    }

    static BenchResult of(BenchPlan plan, BenchTally tally) {
        double seconds = tally.elapsedNanos() / 1e9;
        Histogram all = tally.read.latencies();
        all.add(tally.write.latencies());
        long requests = tally.read.requests() + tally.write.requests();
        return new BenchResult(Math.round(seconds * 1000) / 1000.0, plan.users(), plan.readRatio(),
                plan.concurrency(), plan.rate(), requests, perSecond(requests, seconds),
                tally.read.errors() + tally.write.errors(), Latency.of(all), Operation.of(tally.read, seconds),
                Operation.of(tally.write, seconds), tally.errors.kinds());
    }

    private static double perSecond(long count, double seconds) {
        return seconds <= 0 ? 0 : Math.round(count / seconds * 10) / 10.0;
    }
}
