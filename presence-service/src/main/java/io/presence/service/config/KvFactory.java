package io.presence.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.nats.client.Connection;
import io.presence.service.core.UserLocks;
import io.presence.service.store.PresenceBucket;
import io.presence.service.store.Storage;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** The {@code kv:} section: the JetStream KV bucket holding presences. */
public class KvFactory {

    @NotNull
    @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 characters of letters, digits, _ and -")
    private String bucket = "presence";

    /** JetStream replicas of the bucket: 1 on a single server, 3 on a 3-node cluster. */
    @Min(1)
    @Max(5)
    private int replicas = 1;

    /** How long a KV request may take before the write is reported as "outcome unknown" (503). */
    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
    private Duration timeout = Duration.seconds(2);

    /**
     * How long a start waits for the bucket: in a cluster, for a meta leader and enough centers to
     * place every replica. Then the node refuses to start, saying why.
     */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration openTimeout = Duration.minutes(2);

    /**
     * Whether a center stores its oldest records again at the bucket's end ({@code BucketCompactor}), which keeps
     * the bucket's blocks, on disk and in nats-server's memory, within a few times the records they hold.
     */
    private boolean compaction = true;

    /**
     * Opens this node's storage: the bucket, or on a leaf its mirror of the hub's (in {@code hubDomain}), with
     * a cache of {@code cacheSize} users in front; a center's compaction takes turns with its writes ({@code locks}).
     */
    public Storage build(Environment environment, Connection connection, boolean leaf, String hubDomain,
                         long cacheSize, UserLocks locks) throws InterruptedException, IOException {
        PresenceBucket presenceBucket = new PresenceBucket(connection, bucket, timeout.toJavaDuration(),
                openTimeout.toJavaDuration());
        return Storage.open(environment, connection, presenceBucket, hubDomain, leaf, replicas, cacheSize,
                compaction, locks);
    }

    @JsonProperty
    public boolean isCompaction() {
        return compaction;
    }

    @JsonProperty
    public void setCompaction(boolean compaction) {
        this.compaction = compaction;
    }

    @JsonProperty
    public Duration getOpenTimeout() {
        return openTimeout;
    }

    @JsonProperty
    public void setOpenTimeout(Duration openTimeout) {
        this.openTimeout = openTimeout;
    }

    @JsonProperty
    public String getBucket() {
        return bucket;
    }

    @JsonProperty
    public void setBucket(String bucket) {
        this.bucket = bucket;
    }

    @JsonProperty
    public int getReplicas() {
        return replicas;
    }

    @JsonProperty
    public void setReplicas(int replicas) {
        this.replicas = replicas;
    }

    @JsonProperty
    public Duration getTimeout() {
        return timeout;
    }

    @JsonProperty
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }
}
