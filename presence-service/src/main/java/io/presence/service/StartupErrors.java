package io.presence.service;

import io.dropwizard.configuration.ConfigurationException;
import io.presence.service.nats.NatsServerBinaryNotFoundException;
import io.presence.service.nats.NatsServerStartException;
import java.io.PrintWriter;

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
        if (isOperatorFixable(error)) {
            err.println("presence: " + error.getMessage());
        } else {
            error.printStackTrace(err);
        }
        err.flush();
    }

    private static boolean isOperatorFixable(Throwable error) {
        return error instanceof IllegalStateException
                || error instanceof ConfigurationException
                || error instanceof NatsServerStartException
                || error instanceof NatsServerBinaryNotFoundException;
    }
}
