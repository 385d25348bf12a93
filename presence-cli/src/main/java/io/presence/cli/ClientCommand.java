package io.presence.cli;

import io.presence.client.PresenceClient;
import io.presence.client.PresenceClientOptions;
import io.presence.client.PresenceUnauthorizedException;
import io.presence.client.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A command that talks to the REST API through the SDK. */
abstract class ClientCommand extends BaseCommand {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
            description = "Attempts per call on 429/503/IO errors (default ${DEFAULT-VALUE}); for watch, attempts "
                    + "to open the stream the first time (once open, it reconnects for as long as it runs).")
    int retries;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
            converter = Converters.DurationConverter.class,
            description = "How long each attempt waits to connect and for each part of the answer (default "
                    + "${DEFAULT-VALUE}); a node that never answers fails the command after --retries of them. "
                    + "For watch and export, how long opening the stream may take; an open watch is idle between "
                    + "changes, an open export may pause while the node reads on.")
    Duration timeout;

    @Override
    final int execute() throws IOException, InterruptedException {
        if (retries < 1) {
            throw usage("--retries must be at least 1 (was " + retries + ")");
        }
        Converters.timeoutProblem(timeout).ifPresent(problem -> {
            throw usage(problem);
        });
        try (PresenceClient client = PresenceClient.create(clientOptions())) {
            return execute(client);
        } catch (PresenceUnauthorizedException e) {
            throw connection.whyUnauthorized(root.clock).map(why -> explained(e, why)).orElse(e);
        }
    }

    /** The SDK's options for these servers, token, retries and timeout. */
    PresenceClientOptions clientOptions() {
        return connection.options()
                .retryPolicy(new RetryPolicy(retries, RetryPolicy.DEFAULT_BASE_BACKOFF, RetryPolicy.DEFAULT_MAX_BACKOFF))
                .connectTimeout(timeout).readTimeout(timeout)
                // an attempt's own limit must not end it before --timeout has passed: raising it must help
                .callTimeout(timeout.compareTo(PresenceClientOptions.DEFAULT_CALL_TIMEOUT) > 0 ? timeout
                        : PresenceClientOptions.DEFAULT_CALL_TIMEOUT)
                .build();
    }

    private static PresenceUnauthorizedException explained(PresenceUnauthorizedException e, String why) {
        PresenceUnauthorizedException explained =
                new PresenceUnauthorizedException(e.code(), e.getMessage() + "; " + why, e.details());
        explained.setStackTrace(e.getStackTrace()); // --verbose shows where it came from, not this rethrow
        return explained;
    }

    abstract int execute(PresenceClient client) throws IOException, InterruptedException;
}
