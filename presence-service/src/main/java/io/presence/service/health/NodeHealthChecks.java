package io.presence.service.health;

import io.dropwizard.core.setup.Environment;
import io.nats.client.Connection;
import io.presence.service.nats.NatsServerProcess;
import io.presence.service.nats.ServerMonitor;
import io.presence.service.store.Storage;
import java.util.Optional;

/**
 * The checks of what a node depends on beyond its own parts: its NATS connection, and the stream its bucket
 * lives on (a leaf's hub link; a replicated center's cluster). The embedded server's, the bucket's and the
 * watch's checks are registered where those are built.
 */
public final class NodeHealthChecks {

    private NodeHealthChecks() {
    }

    /** @param server the embedded nats-server, or null when the node connects to an external one */
    public static void register(Environment environment, Connection connection, Storage storage,
                                NatsServerProcess server, int replicas) {
        environment.healthChecks().register("nats", new NatsConnectionHealthCheck(connection));
        Optional<NatsServerProcess> embedded = Optional.ofNullable(server);
        if (storage.leaf()) {
            environment.healthChecks().register("hub-link", new HubLinkHealthCheck(storage.link(),
                    () -> embedded.flatMap(NatsServerProcess::lastLeafnodeError),
                    () -> embedded.flatMap(NatsServerProcess::duplicateLeafnodeLink)));
        } else if (storage.linked()) {
            environment.healthChecks().register("cluster", new ClusterHealthCheck(storage.link(),
                    embedded.map(s -> new ServerMonitor(s.monitorUrl())), replicas));
        }
    }
}
