package io.presence.cli;

import io.presence.client.PresenceClient;
import io.presence.client.RetryPolicy;
import java.io.IOException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A command that talks to the REST API through the SDK. */
abstract class ClientCommand extends BaseCommand {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
            description = "Attempts per call on 429/503/IO errors (default ${DEFAULT-VALUE}); watch reconnects "
                    + "for as long as it runs.")
    int retries;

    @Override
    final int execute() throws IOException, InterruptedException {
        if (retries < 1) {
            throw usage("--retries must be at least 1 (was " + retries + ")");
        }
        try (PresenceClient client = PresenceClient.create(connection.options()
                .retryPolicy(new RetryPolicy(retries, RetryPolicy.DEFAULT_BASE_BACKOFF, RetryPolicy.DEFAULT_MAX_BACKOFF))
                .build())) {
            return execute(client);
        }
    }

    abstract int execute(PresenceClient client) throws IOException, InterruptedException;
}
