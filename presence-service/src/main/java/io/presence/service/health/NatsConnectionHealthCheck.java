package io.presence.service.health;

import com.codahale.metrics.health.HealthCheck;
import io.nats.client.Connection;

/** Healthy while the node's NATS connection is up. */
public final class NatsConnectionHealthCheck extends HealthCheck {

    private final Connection connection;

    public NatsConnectionHealthCheck(Connection connection) {
        this.connection = connection;
    }

    @Override
    protected Result check() {
        Connection.Status status = connection.getStatus();
        return status == Connection.Status.CONNECTED
                ? Result.healthy("connected to %s", connection.getConnectedUrl())
                : Result.unhealthy("NATS connection is %s", status.name().toLowerCase());
    }
}
