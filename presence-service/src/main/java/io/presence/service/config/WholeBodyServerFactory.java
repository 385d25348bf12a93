package io.presence.service.config;

import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.setup.Environment;
import io.presence.service.resources.WholeBodyHandler;
import org.eclipse.jetty.server.Server;

/** The configured server, with {@link WholeBodyHandler} in front of all its handlers. */
public final class WholeBodyServerFactory implements ServerFactory {

    private final ServerFactory configured;
    private final int maxBodyBytes;

    public WholeBodyServerFactory(ServerFactory configured, int maxBodyBytes) {
        this.configured = configured;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public Server build(Environment environment) {
        Server server = configured.build(environment);
        server.setHandler(new WholeBodyHandler(server.getHandler(), maxBodyBytes));
        return server;
    }

    @Override
    public void configure(Environment environment) {
        configured.configure(environment);
    }
}
