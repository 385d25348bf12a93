package io.presence.service.store;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.KeyValueOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.Mirror;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the presence bucket, creating it on first start: on a center the authoritative bucket (file
 * storage, history 1, {@code kv.replicas} copies), on a leaf a KV mirror of the hub's bucket in the
 * leaf's own JetStream domain. A handle on the mirror reads locally and writes through to the hub
 * (jnats' mirror binding).
 *
 * <p>In a cluster of centers the bucket can only be created once the JetStream meta group has a
 * leader and enough servers are up to place every replica: until then the attempt is repeated with
 * backoff, up to a deadline. The bucket is never created with fewer replicas than asked, and an
 * existing bucket's replicas are never changed here (see docs/operations.md for moving from one
 * center to three).
 */
public final class PresenceBucket {

    /** JetStream's "stream not found": the bucket does not exist yet. */
    static final int STREAM_NOT_FOUND = 10059;
    /** "replicas > 1 not supported in non-clustered mode": no wait makes a lone server a cluster. */
    static final int REPLICAS_NOT_SUPPORTED = 10074;
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(PresenceBucket.class);

    /** How long the watch's first subscribe may wait for its consumer (see {@link #snapshotHandle}). */
    static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(30);

    private final Connection connection;
    private final String bucket;
    private final Duration requestTimeout;
    private final Duration openTimeout;

    /**
     * @param requestTimeout how long one JetStream request may take
     * @param openTimeout    how long to keep trying before the node refuses to start
     */
    public PresenceBucket(Connection connection, String bucket, Duration requestTimeout, Duration openTimeout) {
        this.connection = connection;
        this.bucket = bucket;
        this.requestTimeout = requestTimeout;
        this.openTimeout = openTimeout;
    }

    /** The bucket's name, as configured ({@code kv.bucket}). */
    public String name() {
        return bucket;
    }

    /** The center's authoritative bucket with {@code replicas} copies. */
    public KeyValue open(int replicas) throws InterruptedException {
        return openOrCreate(base(replicas).build(), null);
    }

    /** A leaf's mirror of the bucket in JetStream domain {@code hubDomain}: one copy, on the leaf's own server. */
    public KeyValue openMirror(String hubDomain) throws InterruptedException {
        KeyValueConfiguration mirror = base(1)
                .mirror(Mirror.builder().sourceName(bucket).domain(hubDomain).build())
                .build();
        return openOrCreate(mirror, hubDomain);
    }

    /**
     * Deletes a leaf's mirror and creates it again, empty: it then copies what the hub's bucket holds now, one record
     * per user ({@link MirrorRepair}).
     */
    public void recreateMirror(String hubDomain) throws IOException, JetStreamApiException, InterruptedException {
        connection.keyValueManagement(options(requestTimeout)).delete(bucket);
        openMirror(hubDomain);
    }

    private KeyValueConfiguration.Builder base(int replicas) {
        return KeyValueConfiguration.builder()
                .name(bucket)
                .storageType(StorageType.File)
                .maxHistoryPerKey(1)
                .replicas(replicas);
    }

    /**
     * The opened bucket again, for the watch's first subscribe: its requests may take {@link #SNAPSHOT_TIMEOUT}.
     * Creating that consumer makes nats-server 2.9 find the last entry of every key, which with 1M users took it
     * 3-8 s (docs/performance.md); with the reads' short timeout each attempt gave up, and the next attempt
     * queued behind it on the server, so a restarted center never got its watch.
     */
    public KeyValue snapshotHandle() throws IOException {
        return connection.keyValue(bucket, options(SNAPSHOT_TIMEOUT));
    }

    /**
     * The hub's bucket, as a leaf reaches it in JetStream domain {@code hubDomain}: for a write that must see the
     * stored record when the leaf's mirror has not received it yet. Opening it asks the hub, so a leaf opens it
     * when first needed, not at start, when the hub may be unreachable.
     */
    public KeyValue hubHandle(String hubDomain) throws IOException {
        return connection.keyValue(bucket, KeyValueOptions.builder()
                .jetStreamOptions(JetStreamOptions.builder().requestTimeout(requestTimeout).domain(hubDomain).build())
                .build());
    }

    /**
     * The node's writes to the bucket: a center's to its own, a leaf's (in JetStream domain {@code hubDomain}, or
     * null on a center) through to its hub's, each waiting for its acknowledgement as a JetStream request would.
     */
    KvPuts puts(String hubDomain) {
        return new KvPuts(connection, hubDomain == null ? KvPuts.centerPrefix(bucket)
                : KvPuts.leafPrefix(bucket, hubDomain), requestTimeout);
    }

    private KeyValueOptions options(Duration timeout) {
        return KeyValueOptions.builder()
                .jetStreamOptions(JetStreamOptions.builder().requestTimeout(timeout).build())
                .build();
    }

    private KeyValue openOrCreate(KeyValueConfiguration wanted, String mirroredDomain) throws InterruptedException {
        KeyValueOptions options = options(requestTimeout);
        long deadline = System.nanoTime() + openTimeout.toNanos();
        Duration pause = FIRST_RETRY;
        for (int attempt = 1; ; attempt++) {
            try {
                ensureExists(connection.keyValueManagement(options), wanted, mirroredDomain);
                return connection.keyValue(bucket, options);
            } catch (IOException | JetStreamApiException e) {
                if (e instanceof JetStreamApiException api && api.getApiErrorCode() == REPLICAS_NOT_SUPPORTED) {
                    throw new IllegalStateException("cannot create KV bucket '" + bucket + "' with kv.replicas "
                            + wanted.getReplicas() + ": the NATS server is not part of a cluster (set nats.cluster on"
                            + " every center, or kv.replicas: 1)", e);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("cannot open KV bucket '" + bucket + "' with kv.replicas "
                            + wanted.getReplicas() + " within " + openTimeout.toSeconds() + " s: " + e.getMessage()
                            + " (is JetStream enabled, and are at least " + wanted.getReplicas()
                            + " servers of the cluster up and routed to each other?)", e);
                }
                LOG.info("waiting for the KV bucket bucket={} attempt={} retryInMs={} reason={}", bucket, attempt,
                        pause.toMillis(), e.getMessage());
                Thread.sleep(pause.toMillis());
                pause = pause.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : pause.multipliedBy(2);
            }
        }
    }

    private void ensureExists(KeyValueManagement management, KeyValueConfiguration wanted, String mirroredDomain)
            throws IOException, JetStreamApiException {
        try {
            KeyValueStatus existing = management.getStatus(bucket);
            checkRole(existing, mirroredDomain);
            warnOnOtherReplicas(existing, wanted);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            management.create(wanted);
            LOG.info("created kv bucket={} replicas={} mirrorOf={}", bucket, wanted.getReplicas(),
                    mirroredDomain == null ? "-" : mirroredDomain);
        }
    }

    /** A data dir that served the other role would silently split the data: refuse it. */
    private void checkRole(KeyValueStatus existing, String mirroredDomain) {
        boolean isMirror = existing.getConfiguration().getBackingConfig().getMirror() != null;
        if (isMirror != (mirroredDomain != null)) {
            throw new IllegalStateException("KV bucket '" + bucket + "' here is " + (isMirror ? "a mirror" : "not a mirror")
                    + " but this node is a " + (mirroredDomain != null ? "leaf" : "center")
                    + ": use a fresh nats.dataDir for this role");
        }
    }

    /** Changing replicas moves data between servers: an operator's decision, never a side effect of a start. */
    private void warnOnOtherReplicas(KeyValueStatus existing, KeyValueConfiguration wanted) {
        int actual = existing.getReplicas();
        if (actual != wanted.getReplicas()) {
            LOG.warn("kv bucket={} has replicas={} but kv.replicas={}: left as it is; see docs/operations.md "
                    + "(\"From one center to three\") to change it", bucket, actual, wanted.getReplicas());
        }
    }
}
