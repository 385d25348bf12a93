package io.presence.cli;

import io.presence.api.PresenceLimits;
import io.presence.api.PresenceList;
import io.presence.client.PresenceClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code presence list [--file ids.txt]}: one batch read of many users. */
@Command(name = "list", description = "Show the presence of many users, ids one per line from --file or stdin.",
        footer = {"", "Examples:",
                "  presence list --file team.txt",
                "  printf 'alice\\nbob\\n' | presence list -o json",
                "", "JSON output is {\"presences\": [...], \"notFound\": [...]}.",
                "Exit codes: 0 ok (missing users are named on stderr), 2 usage, 3 none found, 4 auth (a node with "
                        + "private reads), 5 unavailable."})
final class ListCommand extends ClientCommand {

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "File of user ids, one per line (default: stdin).")
    Path file;

    @Override
    int execute(PresenceClient client) throws IOException {
        if (file == null && root.inIsTerminal) {
            // Otherwise `presence list` typed alone just waits, with nothing to say why.
            err().println("presence: reading user ids from stdin, one per line; end with Ctrl-D (or give --file)");
            err().flush();
        }
        String text = file != null ? InputFiles.read("id file", file)
                : InputFiles.withoutByteOrderMark(new String(root.in.readAllBytes(), StandardCharsets.UTF_8));
        List<String> ids = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String id = lines.get(i).trim();
            if (id.isEmpty() || id.startsWith("#")) {
                continue;
            }
            // The SDK would name the id but not where it is: in a file of thousands, say the line. The line itself
            // is not echoed: the wrong file (a key, a token) would be printed whole.
            if (!PresenceLimits.isValidUserId(id)) {
                throw new IllegalArgumentException("line " + (i + 1) + " of " + (file != null ? file : "stdin")
                        + ": not a user id (" + whatIsWrong(id) + "): an id " + PresenceLimits.USER_ID_RULE);
            }
            ids.add(id);
        }
        if (ids.isEmpty()) {
            throw usage("no user ids given (one per line, from --file or stdin)");
        }
        PresenceList list = client.getMany(ids);
        if (output.json()) {
            out().println(CliJson.pretty(list));
        } else if (!list.presences().isEmpty()) {
            Table.presences(list.presences(), root.clock, out());
        }
        notFound(list.notFound());
        return list.presences().isEmpty() ? ExitCode.NOT_FOUND : ExitCode.OK;
    }

    /** Why {@code id} is no user id, without repeating it: its length, a reserved name, or its first wrong character. */
    static String whatIsWrong(String id) {
        if (id.length() > PresenceLimits.MAX_USER_ID_LENGTH) {
            return id.length() + " characters";
        }
        for (int at = 0; at < id.length(); at = id.offsetByCodePoints(at, 1)) {
            String character = new String(Character.toChars(id.codePointAt(at)));
            if (!character.matches(PresenceLimits.USER_ID_CHARACTERS)) {
                return String.format(Locale.ROOT, "U+%04X at character %d", id.codePointAt(at), at + 1);
            }
        }
        return "'" + id + "' is reserved";
    }
}
