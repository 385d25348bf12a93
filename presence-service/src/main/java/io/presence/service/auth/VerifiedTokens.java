package io.presence.service.auth;

import com.codahale.metrics.MetricRegistry;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.dropwizard.auth.Authenticator;
import io.dropwizard.auth.CachingAuthenticator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Remembers verified tokens, so a device's heartbeats do not each pay for parsing and checking a
 * signature. A token is remembered until it would stop verifying ({@code exp} plus the clock skew) and
 * at most {@link #LONGEST}; tokens that fail are never remembered. There is no revocation list, so
 * remembering a valid token changes no answer: it stays valid until it expires either way.
 */
public final class VerifiedTokens {

    /** The longest a token without {@code exp}, or with a distant one, is remembered. */
    static final Duration LONGEST = Duration.ofMinutes(10);
    /**
     * Distinct tokens remembered (each about 600 bytes with its principal, so at most ~6 MB); a larger
     * heartbeat fleet only misses more, and a miss costs what every write cost without this cache.
     */
    static final long MAXIMUM_SIZE = 10_000;

    private VerifiedTokens() {
    }

    /** {@code verifier} behind a cache of its successes. */
    public static Authenticator<String, PresencePrincipal> cache(Authenticator<String, PresencePrincipal> verifier,
                                                                 Clock clock, MetricRegistry metrics) {
        Caffeine<Object, Object> spec = Caffeine.newBuilder().maximumSize(MAXIMUM_SIZE)
                .expireAfter(new UntilInvalid(clock));
        return new CachingAuthenticator<>(metrics, verifier, spec, false);
    }

    /** Time left until a cached principal's token expires. */
    private record UntilInvalid(Clock clock) implements Expiry<Object, Object> {
        @Override
        public long expireAfterCreate(Object token, Object verified, long currentTime) {
            return remainingNanos(verified);
        }

        @Override
        public long expireAfterUpdate(Object token, Object verified, long currentTime, long currentDuration) {
            return remainingNanos(verified);
        }

        @Override
        public long expireAfterRead(Object token, Object verified, long currentTime, long currentDuration) {
            return currentDuration;
        }

        private long remainingNanos(Object verified) {
            Instant validUntil = verified instanceof Optional<?> principal
                    && principal.orElse(null) instanceof PresencePrincipal p ? p.validUntil() : null;
            if (validUntil == null) {
                return LONGEST.toNanos();
            }
            Duration left = Duration.between(clock.instant(), validUntil);
            // Compared as durations: an exp centuries away is more nanoseconds than a long holds.
            return left.isNegative() ? 0 : left.compareTo(LONGEST) > 0 ? LONGEST.toNanos() : left.toNanos();
        }
    }
}
