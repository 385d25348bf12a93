package io.presence.service.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.bucket4j.TimeMeter;
import com.codahale.metrics.MetricRegistry;
import io.presence.service.errors.Problem;
import io.presence.service.errors.ProblemException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong();
    private final TimeMeter clock = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    };
    private final RateLimiter limiter = new RateLimiter(3, 1, Duration.ofSeconds(2), 100, Duration.ofMinutes(1),
            clock);

    @Test
    void allowsTheBurstThenRefusesUntilATokenIsBack() {
        assertThat(limiter.capacity()).isEqualTo(3);
        assertThat(limiter.tryAcquire("a").remaining()).isEqualTo(2);
        assertThat(limiter.tryAcquire("a").remaining()).isEqualTo(1);
        assertThat(limiter.tryAcquire("a").allowed()).isTrue();

        RateLimiter.Decision refused = limiter.tryAcquire("a");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.limit()).isEqualTo(3);
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryAfterSeconds()).isEqualTo(2);
        assertThat(refused.resetSeconds()).isEqualTo(6);

        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        assertThat(limiter.tryAcquire("a").allowed()).isFalse();
    }

    @Test
    void keysHaveTheirOwnBuckets() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("a");
        }
        assertThat(limiter.tryAcquire("a").allowed()).isFalse();
        assertThat(limiter.tryAcquire("b").allowed()).isTrue();
    }

    @Test
    void retryAfterIsWholeSecondsAndNeverZero() {
        assertThat(RateLimiter.seconds(0)).isEqualTo(1);
        assertThat(RateLimiter.seconds(1)).isEqualTo(1);
        assertThat(RateLimiter.seconds(1_000_000_001L)).isEqualTo(2);
    }

    @Test
    void aRefusalIsA429ThatCarriesTheDecision() {
        MetricRegistry metrics = new MetricRegistry();
        RateLimit limit = new RateLimit(new RateLimiter(1, 1, Duration.ofMinutes(1), 10, Duration.ofMinutes(1),
                TimeMeter.SYSTEM_NANOTIME), "reads", metrics.counter(RateLimit.REJECTED_METRIC));
        limit.acquire("a");

        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> limit.acquire("a"));

        Problem problem = refused.problem();
        assertThat(problem.status()).isEqualTo(429);
        assertThat(problem.code()).isEqualTo("rate_limited");
        assertThat(problem.message()).matches("too many reads; retry after \\d+ seconds");
        assertThat(new Problem.RateLimited("reads", 1, 1, 0, 1).message())
                .isEqualTo("too many reads; retry after 1 second");
        assertThat(problem.headers()).containsKeys("Retry-After", "RateLimit-Reset", "X-RateLimit-Reset")
                .containsEntry("RateLimit-Limit", "1").containsEntry("RateLimit-Remaining", "0")
                .containsEntry("X-RateLimit-Limit", "1");
        assertThat(metrics.counter(RateLimit.REJECTED_METRIC).getCount()).isEqualTo(1);
    }

    @Test
    void clientAddressIsTheLeftMostForwardedAddressWhenPresent() {
        assertThat(ClientAddresses.of(null, "10.0.0.9")).isEqualTo("10.0.0.9");
        assertThat(ClientAddresses.of(" 1.2.3.4 , 5.6.7.8", "10.0.0.9")).isEqualTo("1.2.3.4");
        assertThat(ClientAddresses.of("1.2.3.4", "10.0.0.9")).isEqualTo("1.2.3.4");
        assertThat(ClientAddresses.of(" ,5.6.7.8", "10.0.0.9")).isEqualTo("10.0.0.9");
    }
}
