package io.presence.service.health;

import com.codahale.metrics.health.HealthCheck;
import io.presence.service.store.HubLink;
import java.util.Optional;
import java.util.function.Supplier;

/** A leaf's link to its hub: down means stale reads and 503 on writes. */
public final class HubLinkHealthCheck extends HealthCheck {

    private final HubLink hubLink;
    private final Supplier<Optional<String>> leafnodeError;

    public HubLinkHealthCheck(HubLink hubLink) {
        this(hubLink, Optional::empty);
    }

    /** @param leafnodeError the embedded server's last leafnode error, e.g. a refused certificate */
    public HubLinkHealthCheck(HubLink hubLink, Supplier<Optional<String>> leafnodeError) {
        this.hubLink = hubLink;
        this.leafnodeError = leafnodeError;
    }

    @Override
    protected Result check() {
        return hubLink.isUp()
                ? Result.healthy("hub answers")
                : Result.unhealthy("hub unreachable: %s%s", hubLink.lastProblem(),
                        leafnodeError.get().map(e -> "; leafnode link: " + e).orElse(""));
    }
}
