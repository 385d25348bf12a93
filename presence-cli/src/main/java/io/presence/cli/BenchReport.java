package io.presence.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** The table form of a {@link BenchResult}. */
final class BenchReport {

    private BenchReport() {
    }

    static void print(BenchResult result, PrintWriter out) {
        out.printf(Locale.ROOT, "presence bench: %.1f s, %d users, read ratio %.2f, concurrency %d, rate %s%n%n",
                result.durationSeconds(), result.users(), result.readRatio(), result.concurrency(),
                result.targetRate() > 0 ? number(result.targetRate()) + "/s" : "max");
        Table table = new Table("OP", "REQUESTS", "REQ/S", "NOT FOUND", "ERRORS", "P50 MS", "P90 MS", "P99 MS",
                "MAX MS");
        row(table, "read", result.read(), Long.toString(result.read().notFound()));
        row(table, "write", result.write(), "-");
        row(table, "total", new BenchResult.Operation(result.requests(), result.throughput(), result.read().notFound(),
                result.errors(), result.latencyMs()), Long.toString(result.read().notFound()));
        table.print(out);
        if (!result.errorKinds().isEmpty()) {
            out.println();
            Table errors = new Table("ERRORS", "KIND", "FIRST MESSAGES");
            for (ErrorTally.Kind kind : result.errorKinds()) {
                errors.row(Long.toString(kind.count()), kind.kind(), String.join(" | ", kind.messages()));
            }
            errors.print(out);
        }
    }

    private static void row(Table table, String name, BenchResult.Operation op, String notFound) {
        BenchResult.Latency l = op.latencyMs();
        table.row(name, Long.toString(op.requests()), number(op.throughput()), notFound, Long.toString(op.errors()),
                l == null ? "-" : ms(l.p50()), l == null ? "-" : ms(l.p90()), l == null ? "-" : ms(l.p99()),
                l == null ? "-" : ms(l.max()));
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
