package io.presence.cli;

import io.presence.api.Presence;
import io.presence.client.PresenceClient;
import io.presence.client.PresenceNotFoundException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code presence clear USER}. */
@Command(name = "clear", description = "Set a user offline (needs a token that may write USER).",
        footer = {"", "Examples:", "  presence clear alice --token-file ~/.presence-token",
                "", "On a node with sessions this ends the session 'default' only; the user stays present while "
                        + "another session is live. 'presence sessions USER --end-all' signs the user out everywhere.",
                "Exit codes: 0 ok, 3 no presence for USER (nothing is stored), as for 'get'."})
final class ClearCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "USER", description = "User id.")
    String user;

    @Override
    int execute(PresenceClient client) {
        Presence cleared;
        try {
            cleared = client.clear(user);
        } catch (PresenceNotFoundException e) {
            // The node's 404 names the user: nothing to set offline. One without it is a URL that misses the API.
            if (!SessionErrors.isNotFound(e)) {
                throw e;
            }
            notFound(List.of(user));
            return ExitCode.NOT_FOUND;
        }
        if (output.json()) {
            out().println(CliJson.pretty(cleared));
        } else {
            Table.presences(List.of(cleared), root.clock, out());
        }
        return ExitCode.OK;
    }
}
