package io.presence.cli;

import io.presence.client.PresenceClient;
import java.io.IOException;
import picocli.CommandLine.Mixin;

/** A command that talks to the REST API through the SDK. */
abstract class ClientCommand extends BaseCommand {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Override
    final int execute() throws IOException, InterruptedException {
        try (PresenceClient client = connection.client()) {
            return execute(client);
        }
    }

    abstract int execute(PresenceClient client) throws IOException, InterruptedException;
}
