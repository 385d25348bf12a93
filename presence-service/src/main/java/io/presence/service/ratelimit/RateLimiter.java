package io.presence.service.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;

/**
 * One token bucket per key (a principal or a client address) in a bounded Caffeine map; a key idle for
 * {@code idleExpiry} is forgotten, which is the same as a full bucket.
 */
public final class RateLimiter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long capacity;
    private final long refillTokens;
    private final Duration refillPeriod;
    private final TimeMeter timeMeter;
    private final Cache<String, Bucket> buckets;

    /**
     * @param capacity     burst: the most requests in a row
     * @param refillTokens tokens added per {@code refillPeriod} (greedily, spread over the period)
     * @param maxKeys      most keys tracked at once (least recently used are dropped beyond)
     * @param timeMeter    the time source ({@link TimeMeter#SYSTEM_NANOTIME} outside tests)
     */
    public RateLimiter(long capacity, long refillTokens, Duration refillPeriod, long maxKeys, Duration idleExpiry,
                       TimeMeter timeMeter) {
        this.capacity = capacity;
        this.refillTokens = refillTokens;
        this.refillPeriod = refillPeriod;
        this.timeMeter = timeMeter;
        this.buckets = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterAccess(idleExpiry).build();
    }

    /** The burst size, sent as {@code RateLimit-Limit}. */
    public long capacity() {
        return capacity;
    }

    /** Takes one token from {@code key}'s bucket. */
    public Decision tryAcquire(String key) {
        Bucket bucket = buckets.get(key, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(refillTokens, refillPeriod))
                .withCustomTimePrecision(timeMeter)
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return new Decision(probe.isConsumed(), capacity, probe.getRemainingTokens(),
                seconds(probe.getNanosToWaitForRefill()), seconds(probe.getNanosToWaitForReset()));
    }

    /** Whole seconds, rounded up, at least one: {@code Retry-After: 0} would invite a tight loop. */
    static long seconds(long nanos) {
        return Math.max(1, (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
    }

    /**
     * The outcome of one request.
     *
     * @param allowed           whether the request may proceed
     * @param limit             the bucket's capacity
     * @param remaining         tokens left after this request
     * @param retryAfterSeconds when a rejected request may succeed ({@code Retry-After})
     * @param resetSeconds      when the bucket is full again ({@code RateLimit-Reset})
     */
    public record Decision(boolean allowed, long limit, long remaining, long retryAfterSeconds, long resetSeconds) {
    }
}
