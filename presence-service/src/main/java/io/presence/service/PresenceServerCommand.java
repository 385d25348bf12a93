package io.presence.service;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Environment;
import net.sourceforge.argparse4j.inf.Namespace;
import org.slf4j.LoggerFactory;

/**
 * Dropwizard's {@code server} command, reporting start-up failures the operator can fix in one message,
 * and stopping the embedded nats-server when Jetty fails to start after it.
 */
final class PresenceServerCommand extends ServerCommand<PresenceConfiguration> {

    /** The loggers of Dropwizard's start-up listings; a level set in the logging section is kept. */
    private static final String[] MULTI_LINE_LISTINGS = {"io.dropwizard.jersey.DropwizardResourceConfig",
        "io.dropwizard.core.setup.AdminEnvironment"};

    private final PresenceApplication application;

    PresenceServerCommand(PresenceApplication application) {
        super(application);
        this.application = application;
    }

    @Override
    protected void run(Environment environment, Namespace namespace, PresenceConfiguration configuration)
            throws Exception {
        // Dropwizard logs a failed start with its stack trace before onError: StartupErrors says it once, in one line
        // when the operator can fix it (a port in use), with the trace when it is a bug.
        ((Logger) LoggerFactory.getLogger(ServerCommand.class)).setLevel(Level.OFF);
        // Dropwizard lists the API's paths and the admin tasks at start, each as one event of many lines; the node's
        // log is one line per event (a shipper would split or drop them), and the paths are openapi.yaml's.
        for (String listing : MULTI_LINE_LISTINGS) {
            Logger logger = (Logger) LoggerFactory.getLogger(listing);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARN);
            }
        }
        LoggingErrors.requireNone();
        try {
            super.run(environment, namespace, configuration);
        } catch (Exception e) {
            application.stopEmbeddedNats();
            throw e;
        }
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        StartupErrors.print(cli.getStdErr(), error);
    }
}
