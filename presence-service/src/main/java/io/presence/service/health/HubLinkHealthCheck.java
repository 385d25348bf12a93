package io.presence.service.health;

import com.codahale.metrics.health.HealthCheck;
import io.presence.service.store.HubLink;

/** A leaf's link to its hub: down means stale reads and 503 on writes. */
public final class HubLinkHealthCheck extends HealthCheck {

    private final HubLink hubLink;

    public HubLinkHealthCheck(HubLink hubLink) {
        this.hubLink = hubLink;
    }

    @Override
    protected Result check() {
        return hubLink.isUp()
                ? Result.healthy("hub answers")
                : Result.unhealthy("hub unreachable: %s", hubLink.lastProblem());
    }
}
