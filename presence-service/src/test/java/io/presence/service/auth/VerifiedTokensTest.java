package io.presence.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.auth.AuthenticationException;
import io.dropwizard.auth.Authenticator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    /** Verifies tokens from a fixed table and counts how often it is asked. */
    private static final class CountingVerifier implements Authenticator<String, PresencePrincipal> {
        final AtomicInteger calls = new AtomicInteger();
        final Map<String, PresencePrincipal> valid = Map.of(
                "hour", new PresencePrincipal("alice", Set.of(), NOW.plusSeconds(3600)),
                "no-exp", new PresencePrincipal("bob", Set.of(), null),
                "lapsed", new PresencePrincipal("carol", Set.of(), NOW.minusSeconds(1)),
                "centuries", new PresencePrincipal("dave", Set.of(), NOW.plus(Duration.ofDays(365L * 300))));

        @Override
        public Optional<PresencePrincipal> authenticate(String token) {
            calls.incrementAndGet();
            return Optional.ofNullable(valid.get(token));
        }
    }

    private final CountingVerifier verifier = new CountingVerifier();
    private final Authenticator<String, PresencePrincipal> cached =
            VerifiedTokens.cache(verifier, Clock.fixed(NOW, ZoneOffset.UTC), new MetricRegistry());

    @Test
    void aValidTokenIsVerifiedOnce() throws AuthenticationException {
        assertThat(cached.authenticate("hour")).get().extracting(PresencePrincipal::subject).isEqualTo("alice");
        assertThat(cached.authenticate("hour")).get().extracting(PresencePrincipal::subject).isEqualTo("alice");
        assertThat(cached.authenticate("no-exp")).isPresent();
        assertThat(cached.authenticate("no-exp")).isPresent();

        assertThat(verifier.calls).hasValue(2);
    }

    @Test
    void aTokenValidForCenturiesIsRememberedLikeAnyOther() throws AuthenticationException {
        assertThat(cached.authenticate("centuries")).get().extracting(PresencePrincipal::subject).isEqualTo("dave");
        assertThat(cached.authenticate("centuries")).isPresent();

        assertThat(verifier.calls).hasValue(1);
    }

    @Test
    void aRejectedTokenIsAskedAboutEveryTime() throws AuthenticationException {
        assertThat(cached.authenticate("forged")).isEmpty();
        assertThat(cached.authenticate("forged")).isEmpty();

        assertThat(verifier.calls).hasValue(2);
    }

    @Test
    void aTokenPastItsExpiryIsNotRemembered() throws AuthenticationException {
        cached.authenticate("lapsed");
        cached.authenticate("lapsed");

        assertThat(verifier.calls).hasValue(2);
    }
}
