package io.presence.service.health;

import com.codahale.metrics.health.HealthCheck;
import io.presence.service.store.KvWatch;

/** Healthy once the watch has loaded its snapshot and is subscribed on a live connection. */
public final class KvWatchHealthCheck extends HealthCheck {

    private final KvWatch watch;

    public KvWatchHealthCheck(KvWatch watch) {
        this.watch = watch;
    }

    @Override
    protected Result check() {
        return watch.isAlive()
                ? Result.healthy("watching, last revision %d", watch.lastRevision())
                : Result.unhealthy("watch not live (last revision %d)", watch.lastRevision());
    }
}
