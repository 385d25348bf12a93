package io.presence.service.servlet;

import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.setup.Environment;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.SizeLimitHandler;

/**
 * The configured server, with what only the server as a whole can do:
 * <ul>
 *   <li>the request body limit, the one place it is enforced: Jetty's {@link SizeLimitHandler} answers a body
 *       announced as too long with a 413 and fails the read of a chunked one once it passes the limit;</li>
 *   <li>{@link WholeBodyHandler}, so no request thread waits for a body;</li>
 *   <li>a request log that never writes a token sent in the URL ({@link CredentialFreeRequestLog}).</li>
 * </ul>
 */
public final class EdgeServerFactory implements ServerFactory {

    private final ServerFactory configured;
    private final long maxBodyBytes;

    public EdgeServerFactory(ServerFactory configured, long maxBodyBytes) {
        this.configured = configured;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public Server build(Environment environment) {
        Server server = configured.build(environment);
        SizeLimitHandler bodyLimit = new SizeLimitHandler(maxBodyBytes, -1);
        bodyLimit.setHandler(new WholeBodyHandler(server.getHandler()));
        server.setHandler(bodyLimit);
        if (server.getRequestLog() != null) {
            server.setRequestLog(new CredentialFreeRequestLog(server.getRequestLog()));
        }
        return server;
    }

    @Override
    public void configure(Environment environment) {
        configured.configure(environment);
    }
}
