package io.presence.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceClientOptionsTest {

    private static PresenceClientOptions.Builder valid() {
        return PresenceClientOptions.builder().baseUrl("http://localhost:8080");
    }

    @Test
    void defaultsAreDocumentedConstants() {
        PresenceClientOptions options = valid().build();
        assertThat(options.baseUrls()).containsExactly(URI.create("http://localhost:8080/"));
        assertThat(options.connectTimeout()).isEqualTo(PresenceClientOptions.DEFAULT_CONNECT_TIMEOUT);
        assertThat(options.readTimeout()).isEqualTo(PresenceClientOptions.DEFAULT_READ_TIMEOUT);
        assertThat(options.callTimeout()).isEqualTo(PresenceClientOptions.DEFAULT_CALL_TIMEOUT);
        assertThat(options.streamReadTimeout()).isEqualTo(PresenceClientOptions.DEFAULT_STREAM_READ_TIMEOUT);
        assertThat(options.retryPolicy()).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(options.etagCacheSize()).isEqualTo(PresenceClientOptions.DEFAULT_ETAG_CACHE_SIZE);
        assertThat(options.batchSize()).isEqualTo(PresenceClientOptions.DEFAULT_BATCH_SIZE);
        assertThat(options.userAgent()).isEqualTo(PresenceClientOptions.DEFAULT_USER_AGENT);
        assertThat(options.tokenSupplier()).isEmpty();
    }

    @Test
    void keepsWhatWasSet() {
        PresenceClientOptions options = PresenceClientOptions.builder()
                .baseUrls(List.of("http://a:1", "https://b")).token("t")
                .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(2))
                .callTimeout(Duration.ofSeconds(3)).streamReadTimeout(Duration.ofSeconds(4))
                .etagCacheSize(0).batchSize(10).userAgent("app/1").build();
        assertThat(options.baseUrls()).hasSize(2);
        assertThat(options.tokenSupplier()).get().extracting(s -> s.get()).isEqualTo("t");
        assertThat(options.batchSize()).isEqualTo(10);
        assertThat(options.userAgent()).isEqualTo("app/1");
    }

    @Test
    void aBaseUrlWithAQueryOrFragmentIsRefusedWithoutEchoingTheQuery() {
        assertThatThrownBy(() -> PresenceClientOptions.builder().baseUrl("http://h:1/p?access_token=secret").build())
                .isInstanceOf(PresenceInvalidInputException.class)
                .hasMessage("baseUrl http://h:1/... must not have a query (?...) or fragment (#...)");
        assertThatThrownBy(() -> PresenceClientOptions.builder().baseUrl("http://h:1/#top").build())
                .hasMessageContaining("must not have a query");
        assertThatThrownBy(() -> PresenceClientOptions.builder().baseUrl("http://ops:s3cret@h:1/").build())
                .isInstanceOf(PresenceInvalidInputException.class)
                .hasMessage("baseUrl http://h:1/... must not carry a user or password (they are not sent); give a "
                        + "token, or an httpClient with an Authenticator");
        assertThatThrownBy(() -> PresenceClientOptions.builder().baseUrl("http://ops@h:1/").build())
                .hasMessageContaining("must not carry a user");
        assertThatThrownBy(() -> PresenceClientOptions.builder().baseUrls(null))
                .isInstanceOfSatisfying(PresenceInvalidInputException.class, e -> assertThat(e.field()).isEqualTo("baseUrls"))
                .hasMessage("baseUrls is required");
    }

    @Test
    void buildRejectsBadSettings() {
        assertThatThrownBy(() -> PresenceClientOptions.builder().build())
                .isInstanceOf(PresenceInvalidInputException.class).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> PresenceClientOptions.builder().baseUrl("ftp://x").build())
                .isInstanceOf(PresenceInvalidInputException.class);
        assertThatThrownBy(() -> valid().connectTimeout(Duration.ZERO).build())
                .hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> valid().readTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("readTimeout");
        assertThatThrownBy(() -> valid().callTimeout(null).build()).hasMessageContaining("callTimeout");
        // Under a millisecond OkHttp would keep no timeout at all; over 2^31 ms it refuses one in create().
        assertThatThrownBy(() -> valid().callTimeout(Duration.ofNanos(500_000)).build())
                .isInstanceOf(PresenceInvalidInputException.class)
                .hasMessage("callTimeout must be between 1 ms and 24 days (was PT0.0005S)");
        assertThatThrownBy(() -> valid().readTimeout(Duration.ofDays(100)).build())
                .isInstanceOf(PresenceInvalidInputException.class).hasMessageContaining("readTimeout");
        assertThatThrownBy(() -> valid().connectTimeout(Duration.ofSeconds(Long.MAX_VALUE)).build())
                .isInstanceOf(PresenceInvalidInputException.class).hasMessageContaining("connectTimeout");
        try (PresenceClient longest = PresenceClient.create(valid().connectTimeout(Duration.ofMillis(Integer.MAX_VALUE))
                .readTimeout(Duration.ofMillis(1)).build())) {
            assertThat(longest).isNotNull();
        }
        assertThatThrownBy(() -> valid().etagCacheSize(-1).build()).hasMessageContaining("etagCacheSize");
        assertThatThrownBy(() -> valid().batchSize(1001).build()).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> valid().batchSize(0).build()).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> valid().userAgent(" ").build()).hasMessageContaining("userAgent");
        assertThatThrownBy(() -> valid().retryPolicy(null).build()).isInstanceOf(PresenceInvalidInputException.class)
                .hasMessage("retryPolicy is required");
    }

    @Test
    void buildRejectsATokenOrUserAgentThatNoHttpHeaderMayCarry() {
        assertThatThrownBy(() -> valid().token("eyJ.abc\n").build()).isInstanceOf(PresenceInvalidInputException.class)
                .hasMessage("token must be printable ASCII, found 0x0a at index 7 of 8");
        assertThatThrownBy(() -> valid().token("a\u00e9").build())
                .hasMessage("token must be printable ASCII, found 0xe9 at index 1 of 2");
        assertThatThrownBy(() -> valid().userAgent("app/1\r\nX-Evil: 1").build())
                .hasMessage("userAgent must be printable ASCII, found 0x0d at index 5 of 16");
        assertThat(valid().token("a\n").tokenSupplier(() -> "b").build().tokenSupplier()).isPresent();
        assertThatThrownBy(() -> valid().token("").build()).isInstanceOf(PresenceInvalidInputException.class)
                .hasMessage("token is empty (give none for unauthenticated calls)");
    }

    @Test
    void retryPolicyValidatesAndBacksOffExponentiallyWithJitter() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1)))
                .isInstanceOf(PresenceInvalidInputException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, Duration.ofMillis(1)))
                .isInstanceOf(PresenceInvalidInputException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(PresenceInvalidInputException.class);
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(1000));
        assertThat(policy.backoff(1, 0.0)).isEqualTo(Duration.ofMillis(50));
        assertThat(policy.backoff(1, 0.999)).isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
        assertThat(policy.backoff(3, 0.0)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoff(40, 0.0)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void retryAfterHeaderParsing() {
        assertThat(ErrorMapper.retryAfter("2")).isEqualTo(Duration.ofSeconds(2));
        assertThat(ErrorMapper.retryAfter("-1")).isNull();
        assertThat(ErrorMapper.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isNull();
        assertThat(ErrorMapper.retryAfter(null)).isNull();
    }

    @Test
    void etagCacheEvictsTheLeastRecentlyUsed() {
        EtagCache cache = new EtagCache(2);
        cache.put("a", "\"1\"", null);
        cache.put("b", "\"2\"", null);
        cache.get("a");
        cache.put("c", "\"3\"", null);
        assertThat(cache.get("b")).isEmpty();
        assertThat(cache.get("a")).isPresent();
        assertThat(cache.size()).isEqualTo(2);
        cache.put("d", null, null);
        assertThat(cache.get("d")).isEmpty();
    }
}
