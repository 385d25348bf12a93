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
 * storage, history 1), on a leaf a KV mirror of the hub's bucket in the leaf's own JetStream domain.
 * A handle on the mirror reads locally and writes through to the hub (jnats' mirror binding).
 */
public final class PresenceBucket {

    /** JetStream's "stream not found": the bucket does not exist yet. */
    static final int STREAM_NOT_FOUND = 10059;
    private static final Logger LOG = LoggerFactory.getLogger(PresenceBucket.class);

    private PresenceBucket() {
    }

    /** The center's authoritative bucket. */
    public static KeyValue open(Connection connection, String bucket, int replicas, Duration timeout) {
        return openOrCreate(connection, bucket, timeout, base(bucket, replicas).build(), null);
    }

    /** A leaf's mirror of the bucket in JetStream domain {@code hubDomain}. */
    public static KeyValue openMirror(Connection connection, String bucket, int replicas, String hubDomain,
                                      Duration timeout) {
        KeyValueConfiguration mirror = base(bucket, replicas)
                .mirror(Mirror.builder().sourceName(bucket).domain(hubDomain).build())
                .build();
        return openOrCreate(connection, bucket, timeout, mirror, hubDomain);
    }

    private static KeyValueConfiguration.Builder base(String bucket, int replicas) {
        return KeyValueConfiguration.builder()
                .name(bucket)
                .storageType(StorageType.File)
                .maxHistoryPerKey(1)
                .replicas(replicas);
    }

    private static KeyValue openOrCreate(Connection connection, String bucket, Duration timeout,
                                         KeyValueConfiguration wanted, String mirroredDomain) {
        KeyValueOptions options = KeyValueOptions.builder()
                .jetStreamOptions(JetStreamOptions.builder().requestTimeout(timeout).build())
                .build();
        try {
            KeyValueManagement management = connection.keyValueManagement(options);
            try {
                KeyValueStatus existing = management.getStatus(bucket);
                checkRole(bucket, existing, mirroredDomain);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                    throw e;
                }
                management.create(wanted);
                LOG.info("created kv bucket={} mirrorOf={}", bucket, mirroredDomain == null ? "-" : mirroredDomain);
            }
            return connection.keyValue(bucket, options);
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot open KV bucket '" + bucket + "': " + e.getMessage()
                    + " (is JetStream enabled on the NATS server?)", e);
        }
    }

    /** A data dir that served the other role would silently split the data: refuse it. */
    private static void checkRole(String bucket, KeyValueStatus existing, String mirroredDomain) {
        boolean isMirror = existing.getConfiguration().getBackingConfig().getMirror() != null;
        if (isMirror != (mirroredDomain != null)) {
            throw new IllegalStateException("KV bucket '" + bucket + "' here is " + (isMirror ? "a mirror" : "not a mirror")
                    + " but this node is a " + (mirroredDomain != null ? "leaf" : "center")
                    + ": use a fresh nats.dataDir for this role");
        }
    }
}
