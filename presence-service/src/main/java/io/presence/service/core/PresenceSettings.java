package io.presence.service.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import io.presence.api.PresenceLimits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The {@code presence:} section: lifetimes of a status and request limits. Each may be set tighter than the
 * contract's ({@link PresenceLimits}), never looser: what openapi.yaml declares holds for every node.
 */
public class PresenceSettings {

    @NotNull
    @MinDuration(value = PresenceLimits.MIN_TTL_SECONDS, unit = TimeUnit.SECONDS)
    @MaxDuration(value = PresenceLimits.MAX_TTL_SECONDS, unit = TimeUnit.SECONDS)
    private Duration defaultTtl = Duration.minutes(5);

    @NotNull
    @MinDuration(value = PresenceLimits.MIN_TTL_SECONDS, unit = TimeUnit.SECONDS)
    @MaxDuration(value = PresenceLimits.MAX_TTL_SECONDS, unit = TimeUnit.SECONDS)
    private Duration minTtl = Duration.seconds(5);

    @NotNull
    @MinDuration(value = PresenceLimits.MIN_TTL_SECONDS, unit = TimeUnit.SECONDS)
    @MaxDuration(value = PresenceLimits.MAX_TTL_SECONDS, unit = TimeUnit.SECONDS)
    private Duration maxTtl = Duration.seconds(PresenceLimits.MAX_TTL_SECONDS);

    @Min(0)
    @Max(PresenceLimits.MAX_MESSAGE_LENGTH)
    private int maxMessageLength = PresenceLimits.MAX_MESSAGE_LENGTH;

    @Min(1)
    @Max(PresenceLimits.MAX_BATCH_SIZE)
    private int maxBatchSize = PresenceLimits.MAX_BATCH_SIZE;

    /** Live sessions per user; a write that would start one more is refused (422), see docs/sessions.md. */
    @Min(1)
    @Max(PresenceLimits.MAX_SESSIONS_PER_USER)
    private int maxSessionsPerUser = 16;

    /** At most a minute: a lapsed status is written (and streamed) as offline within one interval of its lapse. */
    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
    private Duration expiryCheckInterval = Duration.milliseconds(250);

    @JsonProperty
    public Duration getDefaultTtl() {
        return defaultTtl;
    }

    @JsonProperty
    public void setDefaultTtl(Duration defaultTtl) {
        this.defaultTtl = defaultTtl;
    }

    @JsonProperty
    public Duration getMinTtl() {
        return minTtl;
    }

    @JsonProperty
    public void setMinTtl(Duration minTtl) {
        this.minTtl = minTtl;
    }

    @JsonProperty
    public Duration getMaxTtl() {
        return maxTtl;
    }

    @JsonProperty
    public void setMaxTtl(Duration maxTtl) {
        this.maxTtl = maxTtl;
    }

    @JsonProperty
    public int getMaxMessageLength() {
        return maxMessageLength;
    }

    @JsonProperty
    public void setMaxMessageLength(int maxMessageLength) {
        this.maxMessageLength = maxMessageLength;
    }

    @JsonProperty
    public int getMaxBatchSize() {
        return maxBatchSize;
    }

    @JsonProperty
    public void setMaxBatchSize(int maxBatchSize) {
        this.maxBatchSize = maxBatchSize;
    }

    @JsonProperty
    public int getMaxSessionsPerUser() {
        return maxSessionsPerUser;
    }

    @JsonProperty
    public void setMaxSessionsPerUser(int maxSessionsPerUser) {
        this.maxSessionsPerUser = maxSessionsPerUser;
    }

    @JsonProperty
    public Duration getExpiryCheckInterval() {
        return expiryCheckInterval;
    }

    @JsonProperty
    public void setExpiryCheckInterval(Duration expiryCheckInterval) {
        this.expiryCheckInterval = expiryCheckInterval;
    }

    @JsonIgnore
    @ValidationMethod(message = "must satisfy minTtl <= defaultTtl <= maxTtl (presence.minTtl, presence.defaultTtl,"
            + " presence.maxTtl)")
    public boolean isTtlRangeConsistent() {
        return minTtl == null || defaultTtl == null || maxTtl == null
                || (minTtl.compareTo(defaultTtl) <= 0 && defaultTtl.compareTo(maxTtl) <= 0);
    }

    /** A TTL is whole seconds ({@code ttlSeconds}): 1500ms would be a bound no request can name. */
    @JsonIgnore
    @ValidationMethod(message = "presence.minTtl, presence.defaultTtl and presence.maxTtl must be whole seconds (e.g. 5s,"
            + " 5m, not 1500ms)")
    public boolean isTtlWholeSeconds() {
        return Stream.of(minTtl, defaultTtl, maxTtl).allMatch(ttl -> ttl == null || ttl.toMilliseconds() % 1000 == 0);
    }
}
