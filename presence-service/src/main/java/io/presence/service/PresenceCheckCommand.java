package io.presence.service;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.presence.service.config.KeyStoresCheck;
import io.presence.service.config.NodeFactory;
import io.presence.service.nats.NatsFactory;
import io.presence.service.nats.NatsServerBinary;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * Dropwizard's {@code check}, made to fail for what {@code server} would fail on before opening a port:
 * Dropwizard's own only validates the YAML, so a node with no token key or no nats-server binary passed
 * {@code check} and then refused to start. Reports failures as {@code server} does ({@link StartupErrors}).
 */
final class PresenceCheckCommand extends CheckCommand<PresenceConfiguration> {

    PresenceCheckCommand(PresenceApplication application) {
        super(application);
    }

    @Override
    protected void run(Bootstrap<PresenceConfiguration> bootstrap, Namespace namespace,
            PresenceConfiguration configuration) throws Exception {
        LoggingErrors.requireNone();
        configuration.getAuth().verificationKeys();
        KeyStoresCheck.check(configuration.getServerFactory());
        NatsFactory nats = configuration.getNats();
        if (nats.isEmbedded()) {
            NatsServerBinary.resolve(nats.getServerBinary());
            // What server would start, built and not run: a leaf without nats.hubUrls, a leaf named as its own
            // JetStream domain and unreadable TLS files fail here as they would there.
            // And its data dir as start finds it (a file, not writable, a token others may read, a lone center's
            // store under a cluster), read and left as it is: check may run beside the node that uses it.
            NodeFactory node = configuration.getNode();
            (node.getType() == NodeFactory.Type.LEAF ? nats.buildLeafServerProcess(node.getId())
                    : nats.buildServerProcess(node.getId())).preflight();
        }
        super.run(bootstrap, namespace, configuration);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        StartupErrors.print(cli.getStdErr(), error);
    }
}
