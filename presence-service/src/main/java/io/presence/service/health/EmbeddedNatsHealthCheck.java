package io.presence.service.health;

import com.codahale.metrics.health.HealthCheck;
import io.presence.service.nats.NatsServerProcess;

/** Healthy while the supervised nats-server child runs; reports how often it was restarted. */
public final class EmbeddedNatsHealthCheck extends HealthCheck {

    private final NatsServerProcess server;

    public EmbeddedNatsHealthCheck(NatsServerProcess server) {
        this.server = server;
    }

    @Override
    protected Result check() {
        String pid = server.pid().isPresent() ? String.valueOf(server.pid().getAsLong()) : "none";
        return server.isRunning()
                ? Result.healthy("nats-server pid %s running, %d restarts", pid, server.restartCount())
                : Result.unhealthy("nats-server not running (%d restarts so far)", server.restartCount());
    }
}
