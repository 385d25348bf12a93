/**
 * Benchmarks of the service's hot path (JMH) and the raw-Jetty reference server of {@code scripts/bench.sh}.
 *
 * <p>These sources live in {@code src/jmh/java} and only the {@code jmh} Maven profile compiles them, so
 * the normal build, its tests and its coverage gate never see them. One command builds and runs every
 * benchmark and prints JMH's table (docs/performance.md):
 * <pre>
 * mvn -B -Pjmh -pl presence-service -am verify
 * mvn -B -Pjmh -pl presence-service -am verify -Djmh.args="-f 1 -wi 1 -i 1 -prof gc KeyCodec"
 * </pre>
 *
 * <p>Adding a benchmark: one {@code *Benchmark} class per hot-path step, {@code @State(Scope.Thread)}
 * with its data built once in {@code @Setup} from {@link io.presence.service.bench.BenchFixtures} (the
 * application's own {@code ObjectMapper}, realistic ids, records and messages), {@code @Param} for the
 * variants, average time in nanoseconds, and each method returning its result so the JIT cannot drop
 * the work. Cycle through {@link io.presence.service.bench.BenchFixtures#SAMPLES} inputs rather than
 * one, so a benchmark does not measure a single object that always sits in L1. The runner finds every
 * {@code @Benchmark} method by itself.
 */
package io.presence.service.bench;
