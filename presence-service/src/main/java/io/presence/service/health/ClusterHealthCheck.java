package io.presence.service.health;

import com.codahale.metrics.health.HealthCheck;
import io.presence.service.nats.ServerMonitor;
import io.presence.service.store.StreamLink;
import java.util.List;
import java.util.Optional;

/**
 * A replicated center's cluster: healthy while the bucket's stream has a leader (writes are stored on
 * a quorum). The message names the stream leader, the JetStream meta leader and peers (embedded
 * servers), and each replica's state, so a lagging or lost center shows before a second one is lost.
 * With an embedded server it also says whether this server has caught up ({@code caughtUp}, from the
 * server's own {@code /healthz}): only when every center says so may the next one stop (a rolling restart).
 */
public final class ClusterHealthCheck extends HealthCheck {

    private final StreamLink link;
    private final Optional<ServerMonitor> monitor;
    private final int configuredReplicas;

    /**
     * @param monitor the embedded server's monitoring port; empty with an external NATS cluster
     */
    public ClusterHealthCheck(StreamLink link, Optional<ServerMonitor> monitor, int configuredReplicas) {
        this.link = link;
        this.monitor = monitor;
        this.configuredReplicas = configuredReplicas;
    }

    @Override
    protected Result check() throws Exception {
        StreamLink.State state = link.state();
        Optional<ServerMonitor.MetaGroup> meta = monitor.isPresent() ? monitor.get().metaGroup() : Optional.empty();
        ResultBuilder result = Result.builder();
        meta.ifPresent(m -> result.withDetail("metaLeader", String.valueOf(m.leader()))
                .withDetail("clusterSize", m.clusterSize())
                .withDetail("routes", m.routes()));
        Optional<String> notCaughtUp = monitor.isPresent() ? monitor.get().notCaughtUp() : Optional.empty();
        if (monitor.isPresent()) {
            result.withDetail("caughtUp", notCaughtUp.isEmpty());
        }
        String metaText = meta.map(m -> "; meta leader " + (m.leader() == null ? "none" : m.leader())
                + ", " + m.clusterSize() + " servers, " + m.routes() + " routes up").orElse("")
                + notCaughtUp.map(problem -> "; this server not caught up: " + problem).orElse("");
        if (!state.up()) {
            // A lost leader and a lost quorum look alike from here; the first ends in an election within seconds.
            return result.unhealthy().withMessage("no leader for the bucket: an election, or no quorum of its replicas"
                    + " (writes answer 503, reads are stale): " + state.problem() + metaText).build();
        }
        List<StreamLink.Replica> followers = state.replicas();
        int replicas = 1 + followers.size();
        int current = 1 + (int) followers.stream().filter(r -> r.current() && !r.offline()).count();
        result.withDetail("streamLeader", String.valueOf(state.leader()))
                .withDetail("replicas", replicas)
                .withDetail("replicasCurrent", current);
        StringBuilder message = new StringBuilder("stream leader ").append(state.leader())
                .append(", replicas ").append(current).append('/').append(replicas).append(" current");
        for (StreamLink.Replica r : followers) {
            if (r.offline() || !r.current()) {
                message.append("; ").append(r.name()).append(r.offline() ? " offline" : " lagging " + r.lag());
            }
        }
        if (replicas != configuredReplicas) {
            message.append("; bucket has ").append(replicas).append(" replicas, kv.replicas is ")
                    .append(configuredReplicas);
        }
        return result.healthy().withMessage(message + metaText).build();
    }
}
