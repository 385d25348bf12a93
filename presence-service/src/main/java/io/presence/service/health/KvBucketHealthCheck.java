package io.presence.service.health;

import com.codahale.metrics.health.HealthCheck;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueStatus;

/** Healthy while JetStream answers for the presence bucket. */
public final class KvBucketHealthCheck extends HealthCheck {

    private final KeyValue kv;

    public KvBucketHealthCheck(KeyValue kv) {
        this.kv = kv;
    }

    @Override
    protected Result check() throws Exception {
        KeyValueStatus status = kv.getStatus();
        return Result.healthy("bucket %s holds %d entries", status.getBucketName(), status.getEntryCount());
    }
}
