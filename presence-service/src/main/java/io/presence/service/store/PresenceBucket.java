package io.presence.service.store;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.KeyValueOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the presence bucket, creating it (file storage, history 1) on first start. */
public final class PresenceBucket {

    /** JetStream's "stream not found": the bucket does not exist yet. */
    static final int STREAM_NOT_FOUND = 10059;
    private static final Logger LOG = LoggerFactory.getLogger(PresenceBucket.class);

    private PresenceBucket() {
    }

    public static KeyValue open(Connection connection, String bucket, int replicas, Duration timeout) {
        KeyValueOptions options = KeyValueOptions.builder()
                .jetStreamOptions(JetStreamOptions.builder().requestTimeout(timeout).build())
                .build();
        try {
            KeyValueManagement management = connection.keyValueManagement(options);
            try {
                management.getStatus(bucket);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                    throw e;
                }
                management.create(KeyValueConfiguration.builder()
                        .name(bucket)
                        .storageType(StorageType.File)
                        .maxHistoryPerKey(1)
                        .replicas(replicas)
                        .build());
                LOG.info("created kv bucket={} replicas={}", bucket, replicas);
            }
            return connection.keyValue(bucket, options);
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot open KV bucket '" + bucket + "': " + e.getMessage()
                    + " (is JetStream enabled on the NATS server?)", e);
        }
    }
}
