package io.presence.service;

import io.dropwizard.configuration.ConfigurationException;
import io.presence.service.config.ConfigurationRefusedException;
import io.presence.service.nats.NatsServerBinaryNotFoundException;
import io.presence.service.nats.NatsServerStartException;
import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.Optional;

/**
 * How a command reports a failure to start. Problems an operator fixes in the configuration or on the
 * machine (a missing secret, a missing nats-server, a bad config file) are their message alone: a
 * stack trace under them only hides the line that says what to change. Anything else keeps its trace.
 */
public final class StartupErrors {

    private StartupErrors() {
    }

    /** Prints {@code error} for the operator: its message, or its stack trace when it is a bug. */
    public static void print(PrintWriter err, Throwable error) {
        Optional<String> binding = bindFailure(error);
        Optional<String> natsBinding = error instanceof NatsServerStartException nats ? nats.addressInUse()
                : Optional.empty();
        if (natsBinding.isPresent()) {
            // The hint first: the details under it (command, config, output) run to some 40 lines.
            err.println("presence: the embedded nats-server cannot listen on " + natsBinding.get() + ": the address is"
                    + " in use; stop what listens there, or change the port (nats.clientPort / nats.monitorPort /"
                    + " nats.leafnodePort / nats.cluster.port; NATS_CLIENT_PORT / NATS_MONITOR_PORT / NATS_LEAFNODE_PORT"
                    + " in the example configs)");
            err.println(error.getMessage());
        } else if (binding.isPresent()) {
            err.println("presence: " + binding.get() + ": the address is in use; stop what listens there,"
                    + " or change the port (server.applicationConnectors / server.adminConnectors; PRESENCE_PORT /"
                    + " PRESENCE_ADMIN_PORT in the example configs)");
        } else if (isOperatorFixable(error)) {
            err.println("presence: " + error.getMessage());
        } else {
            error.printStackTrace(err);
        }
        err.flush();
    }

    /**
     * The process's exit status for a failed command: 78 ({@code EX_CONFIG} of sysexits.h) when the configuration
     * is invalid or cannot be read, or names what the node refuses ({@link ConfigurationRefusedException}), so a service manager does not restart into the same refusal
     * ({@code RestartPreventExitStatus=78} in the package's unit); 1 otherwise.
     */
    public static int exitCode(Throwable error) {
        return error instanceof ConfigurationException || error instanceof FileNotFoundException
                || error instanceof ConfigurationRefusedException ? 78 : 1;
    }

    /** What failed to bind ("Failed to bind to host:port", from Jetty), when a port was taken. */
    private static Optional<String> bindFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BindException || t.getCause() instanceof BindException) {
                return Optional.ofNullable(t.getMessage());
            }
        }
        return Optional.empty();
    }

    private static boolean isOperatorFixable(Throwable error) {
        return error instanceof IllegalStateException
                || error instanceof ConfigurationException
                // the configuration file missing or unreadable: Dropwizard's message names the file and why
                || error instanceof FileNotFoundException
                || error instanceof NatsServerStartException
                || error instanceof NatsServerBinaryNotFoundException;
    }
}
