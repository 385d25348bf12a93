package io.presence.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.presence.client.PresenceRateLimitedException;
import io.presence.client.PresenceTransportException;
import io.presence.client.PresenceUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The bench's core on a fake clock: every assertion is about counts, none about real time. */
class LoadGeneratorTest {

    private static final Duration MS = Duration.ofMillis(1);

    /** nextDouble() cycles through the given values; nextInt(bound) counts 0, 1, 2, ... modulo bound. */
    static final class ScriptedRandom implements RandomGenerator {
        private final double[] doubles;
        private int nextDouble;
        private int nextInt;

        ScriptedRandom(double... doubles) {
            this.doubles = doubles;
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException("the generator asks only for doubles and bounded ints");
        }

        @Override
        public double nextDouble() {
            return doubles[nextDouble++ % doubles.length];
        }

        @Override
        public int nextInt(int bound) {
            return nextInt++ % bound;
        }
    }

    private static BenchPlan plan(double readRatio, int concurrency, double rate) {
        return new BenchPlan(Duration.ofSeconds(10), Duration.ZERO, 4, readRatio, concurrency, rate);
    }

    @Test
    void atMaxThroughputSendsUntilTheDurationIsOver() throws Exception {
        FakeBenchTarget target = new FakeBenchTarget(MS);
        BenchTally tally = target.generator(plan(1, 16, 0), new ScriptedRandom(0.5)).run(Duration.ofSeconds(10));

        assertThat(target.reads).hasSize(10_000);
        assertThat(target.writes).isEmpty();
        assertThat(target.clock.waits).as("no pacing without a rate").isEmpty();
        assertThat(tally.elapsedNanos()).isEqualTo(Duration.ofSeconds(10).toNanos());
        BenchResult result = BenchResult.of(plan(1, 16, 0), tally);
        assertThat(result.requests()).isEqualTo(10_000);
        assertThat(result.throughput()).isEqualTo(1000.0);
        assertThat(result.read().throughput()).isEqualTo(1000.0);
        assertThat(result.write().requests()).isZero();
        assertThat(result.write().latencyMs()).isNull();
        assertThat(result.read().latencyMs()).isEqualTo(new BenchResult.Latency(1.0, 1.0, 1.0, 1.0));
        assertThat(result.errors()).isZero();
    }

    @Test
    void aRateSendsEachRequestWhenItIsDue() throws Exception {
        FakeBenchTarget target = new FakeBenchTarget(MS);
        long start = target.clock.getAsLong();
        BenchTally tally = target.generator(plan(1, 4, 100), new ScriptedRandom(0.5)).run(Duration.ofSeconds(10));

        assertThat(target.reads).hasSize(1000);
        assertThat(target.clock.waits).hasSize(1000);
        assertThat(target.clock.waits.get(0)).isEqualTo(start);
        assertThat(target.clock.waits.get(1)).isEqualTo(start + Duration.ofMillis(10).toNanos());
        assertThat(target.clock.waits.get(999)).isEqualTo(start + Duration.ofMillis(9990).toNanos());
        assertThat(BenchResult.of(plan(1, 4, 100), tally).throughput()).isEqualTo(100.0);
    }

    @Test
    void aFractionalRateDoesNotDrift() throws Exception {
        FakeBenchTarget target = new FakeBenchTarget(MS);
        target.generator(plan(1, 1, 3), new ScriptedRandom(0.5)).run(Duration.ofSeconds(10));
        assertThat(target.reads).hasSize(30);
    }

    @Test
    void theReadRatioSplitsTheMixAndUsersComeFromThePool() throws Exception {
        FakeBenchTarget target = new FakeBenchTarget(MS);
        BenchTally tally = target.generator(plan(0.5, 16, 0), new ScriptedRandom(0.25, 0.75)).run(Duration.ofSeconds(1));

        assertThat(target.reads).hasSize(500);
        assertThat(target.writes).hasSize(500);
        assertThat(tally.read.requests()).isEqualTo(500);
        assertThat(tally.write.requests()).isEqualTo(500);
        List<String> users = new ArrayList<>(target.reads);
        users.addAll(target.writes);
        assertThat(users).containsOnly("bench-0", "bench-1", "bench-2", "bench-3");
    }

    @Test
    void readRatioZeroOnlyWrites() throws Exception {
        FakeBenchTarget target = new FakeBenchTarget(MS);
        target.generator(plan(0, 2, 0), new ScriptedRandom(0.0, 0.999)).run(Duration.ofSeconds(1));
        assertThat(target.reads).isEmpty();
        assertThat(target.writes).hasSize(1000);
    }

    @Test
    void missingUsersAreNotFoundNotErrors() throws Exception {
        FakeBenchTarget target = new FakeBenchTarget(MS)
                .answeringReads(user -> CompletableFuture.completedFuture(!user.equals("bench-0")));
        BenchTally tally = target.generator(plan(1, 1, 0), new ScriptedRandom(0.5)).run(Duration.ofMillis(100));

        assertThat(tally.read.requests()).isEqualTo(100);
        assertThat(tally.read.notFound()).isEqualTo(25);
        assertThat(tally.read.errors()).isZero();
        assertThat(tally.errors.kinds()).isEmpty();
    }

    @Test
    void failuresAreCountedByKindWithTheirFirstMessages() throws Exception {
        AtomicInteger n = new AtomicInteger();
        FakeBenchTarget target = new FakeBenchTarget(MS)
                .answeringReads(user -> CompletableFuture.failedFuture(
                        new PresenceUnavailableException("unavailable", "down " + n.incrementAndGet(), List.of(), null)))
                .answeringWrites(user -> CompletableFuture.failedFuture(
                        new PresenceRateLimitedException("rate_limited", "slow down", List.of(), Duration.ofSeconds(1))));
        BenchPlan plan = plan(0.5, 2, 0);
        BenchResult result = BenchResult.of(plan,
                target.generator(plan, new ScriptedRandom(0.25, 0.75)).run(Duration.ofMillis(10)));

        assertThat(result.requests()).isEqualTo(10);
        assertThat(result.errors()).isEqualTo(10);
        assertThat(result.read().errors()).isEqualTo(5);
        assertThat(result.latencyMs()).as("failures have no latency").isNull();
        assertThat(result.errorKinds()).containsExactly(
                new ErrorTally.Kind("HTTP 503 unavailable", 5, List.of("down 1 (HTTP 503, unavailable)",
                        "down 2 (HTTP 503, unavailable)", "down 3 (HTTP 503, unavailable)")),
                new ErrorTally.Kind("HTTP 429 rate_limited", 5, List.of("slow down (HTTP 429, rate_limited)")));
    }

    @Test
    void aRequestThatThrowsIsAnErrorAndGivesItsSlotBack() throws Exception {
        FakeBenchTarget target = new FakeBenchTarget(MS).answeringReads(user -> {
            throw new IllegalStateException("client is closed");
        });
        BenchTally tally = target.generator(plan(1, 1, 0), new ScriptedRandom(0.5)).run(Duration.ofMillis(5));

        assertThat(tally.read.errors()).isEqualTo(5);
        assertThat(tally.errors.kinds()).containsExactly(
                new ErrorTally.Kind("IllegalStateException", 5, List.of("client is closed")));
    }

    @Test
    void transportFailuresAreOneKind() {
        assertThat(ErrorTally.kind(new PresenceTransportException("GET / failed", new IOException("refused"))))
                .isEqualTo("transport");
    }

    @Test
    void neverMoreThanConcurrencyRequestsInFlight() {
        List<CompletableFuture<Boolean>> pending = new CopyOnWriteArrayList<>();
        FakeBenchTarget target = new FakeBenchTarget(Duration.ZERO).answeringReads(user -> {
            CompletableFuture<Boolean> answer = new CompletableFuture<>();
            pending.add(answer);
            return answer;
        });
        LoadGenerator generator = target.generator(plan(1, 3, 0), new ScriptedRandom(0.5));
        CompletableFuture<BenchTally> run = CompletableFuture.supplyAsync(() -> {
            try {
                return generator.run(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> pending.size() == 3);
        assertThat(run).isNotDone();
        assertThat(target.reads).hasSize(3);

        target.clock.advance(Duration.ofSeconds(2)); // the phase is over: answers only let it drain
        pending.forEach(answer -> answer.complete(true));
        BenchTally tally = run.join();
        assertThat(target.reads).hasSize(3);
        assertThat(tally.read.requests()).isEqualTo(3);
        assertThat(tally.elapsedNanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
    }

    @Test
    void seedingWritesEveryUserOnce() throws Exception {
        FakeBenchTarget target = new FakeBenchTarget(MS);
        BenchPlan plan = new BenchPlan(Duration.ofSeconds(1), Duration.ZERO, 50, 0.9, 8, 0);
        assertThat(target.generator(plan, new ScriptedRandom(0.5)).seed()).isEmpty();
        assertThat(target.writes).hasSize(50).doesNotHaveDuplicates().contains("bench-0", "bench-49");
        assertThat(target.reads).isEmpty();
    }

    @Test
    void seedingStopsAtTheFirstFailure() throws Exception {
        PresenceUnavailableException down = new PresenceUnavailableException("unavailable", "down", List.of(), null);
        FakeBenchTarget target = new FakeBenchTarget(MS).answeringWrites(user -> user.equals("bench-2")
                ? CompletableFuture.failedFuture(down) : CompletableFuture.completedFuture(null));
        BenchPlan plan = new BenchPlan(Duration.ofSeconds(1), Duration.ZERO, 50, 0.9, 1, 0);
        Optional<Throwable> failure = target.generator(plan, new ScriptedRandom(0.5)).seed();
        assertThat(failure).containsSame(down);
        assertThat(target.writes).containsExactly("bench-0", "bench-1", "bench-2");
    }

    @Test
    void aPlanRejectsValuesOutOfRange() {
        Duration s = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new BenchPlan(Duration.ZERO, Duration.ZERO, 1, 1, 1, 0))
                .hasMessageContaining("--duration must be positive");
        assertThatThrownBy(() -> new BenchPlan(s, Duration.ofSeconds(-1), 1, 1, 1, 0))
                .hasMessageContaining("--warmup must not be negative");
        assertThatThrownBy(() -> new BenchPlan(s, Duration.ZERO, 0, 1, 1, 0)).hasMessageContaining("--users");
        assertThatThrownBy(() -> new BenchPlan(s, Duration.ZERO, 1, 1.5, 1, 0)).hasMessageContaining("--read-ratio");
        assertThatThrownBy(() -> new BenchPlan(s, Duration.ZERO, 1, Double.NaN, 1, 0)).hasMessageContaining("--read-ratio");
        assertThatThrownBy(() -> new BenchPlan(s, Duration.ZERO, 1, 1, 0, 0)).hasMessageContaining("--concurrency");
        assertThatThrownBy(() -> new BenchPlan(s, Duration.ZERO, 1, 1, 1025, 0)).hasMessageContaining("--concurrency");
        assertThatThrownBy(() -> new BenchPlan(s, Duration.ZERO, 1, 1, 1, -1)).hasMessageContaining("--rate");
        assertThatThrownBy(() -> new BenchPlan(s, Duration.ZERO, 1, 1, 1, Double.POSITIVE_INFINITY))
                .hasMessageContaining("--rate");
        assertThat(new BenchPlan(s, Duration.ZERO, 1, 1, 1, 0).writes()).isFalse();
        assertThat(new BenchPlan(s, Duration.ZERO, 1, 0.99, 1, 0).writes()).isTrue();
    }
}
