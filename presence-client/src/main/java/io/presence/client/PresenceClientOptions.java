package io.presence.client;

import io.presence.api.PresenceLimits;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Immutable settings of a {@link PresenceClient}. Build with {@link #builder()}; {@link Builder#build()}
 * validates everything, so a client never starts with a setting it cannot honour.
 */
public final class PresenceClientOptions {

    /** Default TCP connect timeout: 5 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default socket read timeout of a call: 10 s. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    /** Default limit for one attempt of a call, start to finish: 30 s. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Default read timeout of a watch stream: 45 s, three of the server's 15 s heartbeats; a stream
     * silent for longer is considered dead and reconnected.
     */
    public static final Duration DEFAULT_STREAM_READ_TIMEOUT = Duration.ofSeconds(45);
    /** Default number of users whose last ETag is remembered for conditional GETs: {@value}. */
    public static final int DEFAULT_ETAG_CACHE_SIZE = 1000;
    /** Default ids per batch request: the contract's ceiling, {@value PresenceLimits#MAX_BATCH_SIZE}. */
    public static final int DEFAULT_BATCH_SIZE = PresenceLimits.MAX_BATCH_SIZE;
    /** Default {@code User-Agent}. */
    public static final String DEFAULT_USER_AGENT = "presence-java-sdk";

    private final List<HttpUrl> baseUrls;
    private final Supplier<String> tokenSupplier;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration callTimeout;
    private final Duration streamReadTimeout;
    private final RetryPolicy retryPolicy;
    private final int etagCacheSize;
    private final int batchSize;
    private final String userAgent;
    private final OkHttpClient httpClient;

    private PresenceClientOptions(Builder b, List<HttpUrl> baseUrls) {
        this.baseUrls = List.copyOf(baseUrls);
        this.tokenSupplier = b.tokenSupplier;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.callTimeout = b.callTimeout;
        this.streamReadTimeout = b.streamReadTimeout;
        this.retryPolicy = b.retryPolicy;
        this.etagCacheSize = b.etagCacheSize;
        this.batchSize = b.batchSize;
        this.userAgent = b.userAgent;
        this.httpClient = b.httpClient;
    }

    /** @return a builder with every default set and no base URL */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the servers to try, in order */
    public List<URI> baseUrls() {
        return baseUrls.stream().map(HttpUrl::uri).toList();
    }

    List<HttpUrl> httpUrls() {
        return baseUrls;
    }

    /** @return the source of bearer tokens, asked once per request; empty when calls go unauthenticated */
    public Optional<Supplier<String>> tokenSupplier() {
        return Optional.ofNullable(tokenSupplier);
    }

    /** @return the TCP connect timeout */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return the socket read timeout of a call */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** @return the limit for one attempt of a call */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** @return the read timeout of a watch stream */
    public Duration streamReadTimeout() {
        return streamReadTimeout;
    }

    /** @return the retry policy */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** @return how many users' ETags are remembered; 0 disables conditional GETs */
    public int etagCacheSize() {
        return etagCacheSize;
    }

    /** @return the most ids sent in one batch request */
    public int batchSize() {
        return batchSize;
    }

    /** @return the {@code User-Agent} header */
    public String userAgent() {
        return userAgent;
    }

    Optional<OkHttpClient> httpClient() {
        return Optional.ofNullable(httpClient);
    }

    /** Collects settings for {@link PresenceClientOptions}; not thread-safe. */
    public static final class Builder {
        private final List<String> baseUrls = new ArrayList<>();
        private Supplier<String> tokenSupplier;
        private String token; // the fixed token, checked by build()
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private Duration streamReadTimeout = DEFAULT_STREAM_READ_TIMEOUT;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private int etagCacheSize = DEFAULT_ETAG_CACHE_SIZE;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private String userAgent = DEFAULT_USER_AGENT;
        private OkHttpClient httpClient;

        private Builder() {
        }

        /**
         * Adds a server, e.g. {@code http://presence-1:8080}; calls go to the first and fail over to
         * the next on connection errors and 503.
         *
         * @param baseUrl an {@code http} or {@code https} URL
         * @return this builder
         */
        public Builder baseUrl(String baseUrl) {
            baseUrls.add(baseUrl);
            return this;
        }

        /**
         * Adds several servers, in failover order.
         *
         * @param urls {@code http} or {@code https} URLs
         * @return this builder
         */
        public Builder baseUrls(List<String> urls) {
            Inputs.required(urls, "baseUrls").forEach(this::baseUrl);
            return this;
        }

        /**
         * A fixed bearer token.
         *
         * @param token the JWT; printable ASCII (a trailing newline read from a file is refused, not stripped)
         * @return this builder
         */
        public Builder token(String token) {
            Inputs.required(token, "token");
            this.token = token;
            this.tokenSupplier = () -> token;
            return this;
        }

        /**
         * A source of bearer tokens, asked before every request (including retries) so it can refresh
         * them; it may return {@code null} for an unauthenticated request.
         *
         * @param tokenSupplier the source
         * @return this builder
         */
        public Builder tokenSupplier(Supplier<String> tokenSupplier) {
            this.token = null;
            this.tokenSupplier = Inputs.required(tokenSupplier, "tokenSupplier");
            return this;
        }

        /**
         * @param timeout TCP connect timeout, positive
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * @param timeout socket read timeout of a call, positive; also how long a watch stream or an export may take
         *                to answer before the attempt is given up (once open, {@link #streamReadTimeout} applies)
         * @return this builder
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        /**
         * @param timeout limit for one attempt of a call, positive
         * @return this builder
         */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = timeout;
            return this;
        }

        /**
         * @param timeout read timeout of a watch stream, positive; keep it above the server's heartbeat
         * @return this builder
         */
        public Builder streamReadTimeout(Duration timeout) {
            this.streamReadTimeout = timeout;
            return this;
        }

        /**
         * @param retryPolicy attempts and backoff; {@link RetryPolicy#NONE} disables retries
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = retryPolicy;
            return this;
        }

        /**
         * @param size users whose ETag is remembered, 0 to disable conditional GETs
         * @return this builder
         */
        public Builder etagCacheSize(int size) {
            this.etagCacheSize = size;
            return this;
        }

        /**
         * @param size ids per batch request, 1 to {@value PresenceLimits#MAX_BATCH_SIZE}; lower it for a
         *             server configured with a smaller {@code presence.maxBatchSize}
         * @return this builder
         */
        public Builder batchSize(int size) {
            this.batchSize = size;
            return this;
        }

        /**
         * @param userAgent the {@code User-Agent} header, printable ASCII
         * @return this builder
         */
        public Builder userAgent(String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        /**
         * Uses the caller's OkHttp client (its connection pool, dispatcher, interceptors, TLS). The
         * timeouts above are applied to a derived client that shares those resources, and
         * {@link PresenceClient#close()} leaves them to the caller.
         *
         * @param httpClient the OkHttp client
         * @return this builder
         */
        public Builder httpClient(OkHttpClient httpClient) {
            this.httpClient = Inputs.required(httpClient, "httpClient");
            return this;
        }

        /**
         * Validates the settings.
         *
         * @return the options
         * @throws PresenceInvalidInputException when a setting is missing or out of range
         */
        public PresenceClientOptions build() {
            if (baseUrls.isEmpty()) {
                throw new PresenceInvalidInputException("baseUrl", "at least one baseUrl is required");
            }
            List<HttpUrl> urls = new ArrayList<>();
            for (String url : baseUrls) {
                HttpUrl parsed = url == null ? null : HttpUrl.parse(url);
                if (parsed == null) {
                    throw new PresenceInvalidInputException("baseUrl", "baseUrl is not an http(s) URL: " + url);
                }
                // Every call appends its path to the base URL; a query or fragment would end up in the
                // middle of it or be sent with every request, never what was meant.
                if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
                    // OkHttp sends no Authorization for them: the call would go out unauthenticated
                    throw new PresenceInvalidInputException("baseUrl", "baseUrl " + parsed.redact() + " must not carry a user or "
                            + "password (they are not sent); give a token, or an httpClient with an Authenticator");
                }
                if (parsed.query() != null || parsed.fragment() != null) {
                    // redact(): a query may hold a secret (access_token=...), so only where it went is named
                    throw new PresenceInvalidInputException("baseUrl", "baseUrl " + parsed.redact()
                            + " must not have a query (?...) or fragment (#...)");
                }
                urls.add(parsed);
            }
            positive("connectTimeout", connectTimeout);
            positive("readTimeout", readTimeout);
            positive("callTimeout", callTimeout);
            positive("streamReadTimeout", streamReadTimeout);
            Inputs.required(retryPolicy, "retryPolicy");
            if (etagCacheSize < 0) {
                throw new PresenceInvalidInputException("etagCacheSize", "etagCacheSize must not be negative (was " + etagCacheSize + ")");
            }
            if (batchSize < 1 || batchSize > PresenceLimits.MAX_BATCH_SIZE) {
                throw new PresenceInvalidInputException("batchSize", "batchSize must be 1-" + PresenceLimits.MAX_BATCH_SIZE
                        + " (was " + batchSize + ")");
            }
            if (userAgent == null || userAgent.isBlank()) {
                throw new PresenceInvalidInputException("userAgent", "userAgent must not be blank");
            }
            checkHeaderValue("userAgent", userAgent);
            if (token != null) {
                checkHeaderValue("token", token);
            }
            return new PresenceClientOptions(this, urls);
        }

        /**
         * OkHttp refuses a header value with anything but printable ASCII, on every request and with a
         * message about a header the caller never set; a setting that would do that is refused here.
         * The message names the character, never the value: it may be a token.
         */
        static void checkHeaderValue(String setting, String value) {
            if (value.isEmpty()) {
                // "Authorization: Bearer " would be sent and refused as a token the caller never meant
                throw new PresenceInvalidInputException(setting, setting + " is empty (give none for unauthenticated calls)");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    throw new PresenceInvalidInputException(setting, String.format(Locale.ROOT,
                            "%s must be printable ASCII, found 0x%02x at index %d of %d", setting, (int) c, i,
                            value.length()));
                }
            }
        }

        /**
         * A timeout OkHttp can keep: it counts whole milliseconds, at most {@link Integer#MAX_VALUE} of them (24.8
         * days). Less than a millisecond would be none at all, and more is refused only when the client is created.
         */
        private static void positive(String name, Duration value) {
            if (value == null || value.compareTo(MIN_TIMEOUT) < 0 || value.compareTo(MAX_TIMEOUT) > 0) {
                throw new PresenceInvalidInputException(name, name + " must be between 1 ms and "
                        + MAX_TIMEOUT.toDays() + " days (was " + value + ")");
            }
        }

        private static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
        private static final Duration MAX_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);
    }
}
