package io.presence.service.errors;

import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Environment;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Makes every HTTP error the node sends the one JSON problem shape: Jersey's mapper and filters, and
 * Jetty's error page for the application context, the admin context and the server itself. Servlets
 * write their problems with {@link ProblemWriter} directly.
 */
public final class ErrorHandling {

    private ErrorHandling() {
    }

    /**
     * Call from {@code Application.run()}, before anything replaces the configured server factory: the server
     * is built after {@code run()} returns, which is when Dropwizard decides whether to add its own exception
     * mappers (answering in another shape; turned off here, the same as
     * {@code server.registerDefaultExceptionMappers: false}).
     *
     * @param allowedMethods the {@code Allow} header for an application path (path within the context), for
     *                       the 405s written outside Jersey; empty for paths the application does not serve, whose
     *                       refused methods are then 404s like the rest
     * @param refusedPaths   the 400 for a path (as sent) that Jetty refuses before any filter sees it, when one
     *                       says more than Jetty's reason
     */
    public static void install(Configuration configuration, Environment environment,
                               Function<String, Optional<String>> allowedMethods,
                               Function<String, Optional<Problem>> refusedPaths) {
        if (configuration.getServerFactory() instanceof AbstractServerFactory factory) {
            factory.setRegisterDefaultExceptionMappers(false);
        }
        environment.jersey().register(new ProblemMapper.AnyFailure());
        environment.jersey().register(new ProblemMapper.Validation());
        environment.jersey().register(new ErrorResponseFilter());
        environment.jersey().register(new UnreadBodyDrainFilter());
        // Jetty refuses an ambiguous path (an encoded dot segment) before routing it to a context: the server's
        // handler answers it.
        JsonErrorHandler handler = new JsonErrorHandler(refusedPaths);
        environment.getApplicationContext().setErrorHandler(new JsonErrorHandler(allowedMethods, refusedPaths));
        environment.getAdminContext().setErrorHandler(handler);
        ClientGoneLogFilter.install();
        // Parser and URI errors are the server's to answer, and Dropwizard creates it only after run().
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                    server.setErrorHandler(handler);
                }
            }
        });
    }
}
