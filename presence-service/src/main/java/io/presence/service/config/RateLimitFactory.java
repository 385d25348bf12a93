package io.presence.service.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.codahale.metrics.MetricRegistry;
import io.github.bucket4j.TimeMeter;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import io.presence.service.ratelimit.ClientAddresses;
import io.presence.service.ratelimit.RateLimit;
import io.presence.service.ratelimit.RateLimiter;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code rateLimit:} section: token buckets per principal on writes and per client address on reads.
 * The defaults never bother a well-behaved client; they stop a runaway loop or a scraper.
 */
public class RateLimitFactory {

    private boolean enabled = true;

    @Min(1)
    private int writesPerMinute = 60;

    @Min(1)
    private int writeBurst = 30;

    @Min(1)
    private int readsPerSecond = 5000;

    @Min(1)
    private int readBurst = 10000;

    /** The addresses or ranges of the proxies whose {@code trustedProxyHeader} is believed. */
    @NotNull
    private List<@NotBlank @AddressOrRange String> trustedProxies = new ArrayList<>();

    /** A header name (token characters only), or unset to use the socket's address. */
    @Pattern(regexp = "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}")
    private String trustedProxyHeader;

    @Min(1)
    private int maxTrackedKeys = 100_000;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration idleExpiry = Duration.minutes(10);

    @JsonProperty
    public boolean isEnabled() {
        return enabled;
    }

    @JsonProperty
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @JsonProperty
    public int getWritesPerMinute() {
        return writesPerMinute;
    }

    @JsonProperty
    public void setWritesPerMinute(int writesPerMinute) {
        this.writesPerMinute = writesPerMinute;
    }

    @JsonProperty
    public int getWriteBurst() {
        return writeBurst;
    }

    @JsonProperty
    public void setWriteBurst(int writeBurst) {
        this.writeBurst = writeBurst;
    }

    @JsonProperty
    public int getReadsPerSecond() {
        return readsPerSecond;
    }

    @JsonProperty
    public void setReadsPerSecond(int readsPerSecond) {
        this.readsPerSecond = readsPerSecond;
    }

    @JsonProperty
    public int getReadBurst() {
        return readBurst;
    }

    @JsonProperty
    public void setReadBurst(int readBurst) {
        this.readBurst = readBurst;
    }

    /** Which address each request is limited by. */
    /** The limit of reads per client address; empty when limits are off. */
    public Optional<RateLimit> buildReads(MetricRegistry metrics) {
        return build(readBurst, readsPerSecond, java.time.Duration.ofSeconds(1), "reads from this client address",
                metrics);
    }

    /** The limit of writes per token subject; empty when limits are off. */
    public Optional<RateLimit> buildWrites(MetricRegistry metrics) {
        return build(writeBurst, writesPerMinute, java.time.Duration.ofMinutes(1), "writes for this token's subject",
                metrics);
    }

    private Optional<RateLimit> build(long burst, long refill, java.time.Duration period, String what,
                                      MetricRegistry metrics) {
        if (!enabled) {
            return Optional.empty();
        }
        return Optional.of(new RateLimit(new RateLimiter(burst, refill, period, maxTrackedKeys,
                idleExpiry.toJavaDuration(), TimeMeter.SYSTEM_NANOTIME), what, metrics.counter(RateLimit.REJECTED_METRIC)));
    }

    public ClientAddresses clientAddresses() {
        return new ClientAddresses(trustedProxyHeader, trustedProxies);
    }

    @JsonIgnore
    @ValidationMethod(message = "rateLimit.trustedProxyHeader is believed only from rateLimit.trustedProxies: list "
            + "your proxies' addresses or ranges, e.g. trustedProxies: [10.0.0.0/8], or every client could pick "
            + "its own bucket by sending the header")
    public boolean isTrustedProxiesListed() {
        return trustedProxyHeader == null || !trustedProxies.isEmpty();
    }

    @JsonProperty
    public List<String> getTrustedProxies() {
        return trustedProxies;
    }

    @JsonProperty
    public void setTrustedProxies(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    @JsonProperty
    public String getTrustedProxyHeader() {
        return trustedProxyHeader;
    }

    @JsonProperty
    public void setTrustedProxyHeader(String trustedProxyHeader) {
        this.trustedProxyHeader = trustedProxyHeader;
    }

    @JsonProperty
    public int getMaxTrackedKeys() {
        return maxTrackedKeys;
    }

    @JsonProperty
    public void setMaxTrackedKeys(int maxTrackedKeys) {
        this.maxTrackedKeys = maxTrackedKeys;
    }

    @JsonProperty
    public Duration getIdleExpiry() {
        return idleExpiry;
    }

    @JsonProperty
    public void setIdleExpiry(Duration idleExpiry) {
        this.idleExpiry = idleExpiry;
    }
}
