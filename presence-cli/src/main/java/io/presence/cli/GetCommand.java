package io.presence.cli;

import io.presence.api.Presence;
import io.presence.client.PresenceClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code presence get USER...}. */
@Command(name = "get", description = "Show users' presence.",
        footer = {"", "Examples:",
                "  presence get alice bob",
                "  presence get alice -o json --url http://presence-1:8080",
                "", "Exit codes: 0 ok (missing users are named on stderr), 2 usage, 3 none found, 4 auth (a node with "
                        + "private reads), 5 unavailable."})
final class GetCommand extends ClientCommand {

    @Parameters(arity = "1..*", paramLabel = "USER", description = "User ids.")
    List<String> users;

    @Override
    int execute(PresenceClient client) {
        List<Presence> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String user : users) {
            Optional<Presence> presence = client.get(user);
            presence.ifPresentOrElse(found::add, () -> missing.add(user));
        }
        if (output.json()) {
            out().println(CliJson.pretty(found));
        } else if (!found.isEmpty()) {
            Table.presences(found, root.clock, out());
        }
        notFound(missing);
        return found.isEmpty() ? ExitCode.NOT_FOUND : ExitCode.OK;
    }
}
