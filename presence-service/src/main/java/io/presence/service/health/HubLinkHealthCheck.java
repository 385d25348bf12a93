package io.presence.service.health;

import com.codahale.metrics.health.HealthCheck;
import io.presence.service.store.StreamLink;
import java.util.Optional;
import java.util.function.Supplier;

/** A leaf's link to its hub: down means stale reads and 503 on writes; a mirror stopped behind it, stale reads. */
public final class HubLinkHealthCheck extends HealthCheck {

    private final StreamLink hubLink;
    private final Supplier<Optional<String>> leafnodeError;
    private final Supplier<Optional<String>> duplicateLink;

    /**
     * @param leafnodeError the embedded server's last leafnode error, e.g. a refused certificate
     * @param duplicateLink set while the hub refuses the embedded server's link as a duplicate; the link is
     *                      then up only by turns, so a check that happens to find the hub is not health
     */
    public HubLinkHealthCheck(StreamLink hubLink, Supplier<Optional<String>> leafnodeError,
                              Supplier<Optional<String>> duplicateLink) {
        this.hubLink = hubLink;
        this.leafnodeError = leafnodeError;
        this.duplicateLink = duplicateLink;
    }

    @Override
    protected Result check() {
        Optional<String> duplicate = duplicateLink.get();
        if (duplicate.isPresent()) {
            return Result.unhealthy("hub link keeps dropping: %s", duplicate.get());
        }
        if (!hubLink.isUp()) {
            return Result.unhealthy("hub unreachable: %s%s", hubLink.lastProblem(),
                    leafnodeError.get().map(e -> "; leafnode link: " + e).orElse(""));
        }
        return hubLink.mirrorStopped()
                ? Result.unhealthy("hub answers, but the mirror has stopped following it (at revision %d, %d behind):"
                        + " reads are stale until the mirror, created again, catches up", hubLink.mirrored(),
                        hubLink.mirrorLag())
                : Result.healthy("hub answers");
    }
}
