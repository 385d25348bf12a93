package io.presence.cli;

import io.presence.api.Presence;
import io.presence.api.SessionList;
import io.presence.client.PresenceApiException;
import io.presence.client.PresenceClient;
import io.presence.client.PresenceNotFoundException;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code presence sessions USER [--end ID | --end-all]}: a user's devices, and signing them out. */
@Command(name = "sessions", description = "List a user's live sessions (devices), or end one or all of them "
        + "(needs the user's token or an admin's).",
        footer = {"", "Examples:",
                "  presence sessions alice --token-file ~/alice.jwt",
                "  presence sessions alice -o json",
                "  presence sessions alice --end phone",
                "  presence sessions alice --end-all",
                "", "The list is most recently written first. --end and --end-all print the user's presence after.",
                "Exit codes: 0 ok, 2 usage (e.g. --end with --end-all), 3 no presence for USER or no live session "
                        + "ID, 4 not USER's token, 5 unavailable."})
final class SessionsCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "USER", description = "User id.")
    String user;

    @ArgGroup(exclusive = true)
    End end;

    /** At most one way to end sessions. */
    static final class End {
        @Option(names = "--end", paramLabel = "ID", description = "End this session (sign out one device).")
        String session;

        @Option(names = "--end-all", description = "End every session (sign the user out everywhere).")
        boolean all;
    }

    @Override
    int execute(PresenceClient client) {
        try {
            if (end == null) {
                print(client.sessions(user));
            } else {
                Presence after = end.all ? client.endAllSessions(user) : client.endSession(user, end.session);
                print(after);
            }
            return ExitCode.OK;
        } catch (PresenceNotFoundException e) {
            if (!SessionErrors.isNotFound(e)) {
                throw SessionErrors.withoutSessions(e);
            }
            err().println("presence: not found: " + TerminalText.safe(end == null || end.all ? user
                    : "session " + end.session + " of " + user));
            return ExitCode.NOT_FOUND;
        } catch (PresenceApiException e) {
            throw SessionErrors.withoutSessions(e);
        }
    }

    private void print(SessionList list) {
        if (output.json()) {
            out().println(CliJson.pretty(list));
        } else if (list.sessions().isEmpty()) {
            err().println("presence: " + TerminalText.safe(user) + " has no live session (offline)");
        } else {
            Table.sessions(list.sessions(), root.clock, out());
        }
    }

    private void print(Presence presence) {
        if (output.json()) {
            out().println(CliJson.pretty(presence));
        } else {
            Table.presences(List.of(presence), root.clock, out());
        }
    }
}
