package io.presence.service.config;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.presence.service.PresenceConfiguration;
import io.presence.service.nats.NatsFactory;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Checks {@link DistinctPorts}: collects every listener the configuration opens and compares each pair. */
public final class DistinctPortsValidator implements ConstraintValidator<DistinctPorts, PresenceConfiguration> {

    /** Bind addresses that take the port on every interface. */
    private static final Set<String> EVERY_ADDRESS = Set.of("", "0.0.0.0", "::", "[::]");

    /** One listening socket: the setting that opens it, its bind address ({@code null}: every one), its port. */
    record Listener(String setting, String host, int port) {
        boolean clashesWith(Listener other) {
            return port > 0 && port == other.port && (everywhere() || other.everywhere() || host.equalsIgnoreCase(other.host));
        }

        private boolean everywhere() {
            return host == null || EVERY_ADDRESS.contains(host.trim());
        }
    }

    @Override
    public boolean isValid(PresenceConfiguration config, ConstraintValidatorContext context) {
        List<Listener> listeners = listeners(config);
        for (int i = 0; i < listeners.size(); i++) {
            for (int j = i + 1; j < listeners.size(); j++) {
                Listener a = listeners.get(i);
                Listener b = listeners.get(j);
                if (a.clashesWith(b)) {
                    context.disableDefaultConstraintViolation();
                    // Named as the path, so the line reads "<setting> listens on ..." as other config errors do.
                    context.buildConstraintViolationWithTemplate("listens on port " + a.port() + ", as " + b.setting()
                            + " does; give each its own (PRESENCE_PORT, PRESENCE_ADMIN_PORT and NATS_*_PORT in the "
                            + "example configs)").addPropertyNode(a.setting()).addConstraintViolation();
                    return false;
                }
            }
        }
        return true;
    }

    static List<Listener> listeners(PresenceConfiguration config) {
        List<Listener> listeners = new ArrayList<>();
        if (config.getServerFactory() instanceof DefaultServerFactory server) {
            addConnectors("server.applicationConnectors", server.getApplicationConnectors(), listeners);
            addConnectors("server.adminConnectors", server.getAdminConnectors(), listeners);
        }
        NatsFactory nats = config.getNats();
        if (nats != null && nats.isEmbedded()) {
            listeners.add(new Listener("nats.clientPort", nats.getHost(), nats.getClientPort()));
            listeners.add(new Listener("nats.monitorPort", nats.getHost(), nats.getMonitorPort()));
            if (config.getNode() != null && config.getNode().getType() == NodeFactory.Type.CENTER) {
                listeners.add(new Listener("nats.leafnodePort", nats.getLeafnodeHost(), nats.getLeafnodePort()));
            }
            if (nats.isClustered()) {
                listeners.add(new Listener("nats.cluster.port", nats.getCluster().getHost(), nats.getCluster().getPort()));
            }
        }
        return listeners;
    }

    private static void addConnectors(String setting, List<ConnectorFactory> connectors, List<Listener> listeners) {
        for (int i = 0; i < connectors.size(); i++) {
            if (connectors.get(i) instanceof HttpConnectorFactory http) {
                listeners.add(new Listener(setting + "[" + i + "]", http.getBindHost(), http.getPort()));
            }
        }
    }
}
