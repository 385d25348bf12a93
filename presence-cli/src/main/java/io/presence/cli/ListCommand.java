package io.presence.cli;

import io.presence.api.PresenceList;
import io.presence.client.PresenceClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code presence list [--file ids.txt]}: one batch read of many users. */
@Command(name = "list", description = "Show the presence of many users, ids one per line from --file or stdin.",
        footer = {"", "Examples:",
                "  presence list --file team.txt",
                "  printf 'alice\\nbob\\n' | presence list -o json",
                "", "JSON output is {\"presences\": [...], \"notFound\": [...]}.",
                "Exit codes: 0 ok (missing users are named on stderr), 3 none found."})
final class ListCommand extends ClientCommand {

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "File of user ids, one per line (default: stdin).")
    Path file;

    @Override
    int execute(PresenceClient client) throws IOException {
        String text = file != null ? InputFiles.read("id file", file)
                : new String(root.in.readAllBytes(), StandardCharsets.UTF_8);
        List<String> ids = text.lines().map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
        if (ids.isEmpty()) {
            throw usage("no user ids given (one per line, from --file or stdin)");
        }
        PresenceList list = client.getMany(ids);
        if (output.json()) {
            out().println(CliJson.pretty(list));
        } else if (!list.presences().isEmpty()) {
            Table.presences(list.presences(), root.clock, out());
        }
        if (!list.notFound().isEmpty()) {
            err().println("presence: not found: " + String.join(", ", list.notFound()));
        }
        return list.presences().isEmpty() ? ExitCode.NOT_FOUND : ExitCode.OK;
    }
}
