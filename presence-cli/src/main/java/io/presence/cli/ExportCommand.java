package io.presence.cli;

import io.presence.api.Presence;
import io.presence.client.PresenceClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/** {@code presence export > FILE}: every presence the node stores, as JSON lines on stdout. */
@Command(name = "export", description = {"Write every presence the node stores to stdout, one JSON object per line "
        + "(a backup; restore it with 'presence import FILE').",
        "Needs a token with the scope presence:admin. Progress goes to stderr."},
        footer = {"", "Examples:",
                "  presence export --token-file admin.jwt > backup.ndjson",
                "  presence export --url http://presence-1:8080 | gzip > backup.ndjson.gz",
                "", "The output is JSON lines whatever -o says: each line one presence as the API serves it, with "
                        + "its stored status (a lapsed status as it was written).",
                "Exit codes: 0 ok, 1 stdout failed, 4 auth, 5 unavailable or cut short (the output is then "
                        + "incomplete: run it again)."})
final class ExportCommand extends ClientCommand {

    /** Presences between two progress lines on stderr. */
    static final int PROGRESS_EVERY = 10_000;

    @Override
    int execute(PresenceClient client) {
        Instant started = root.clock.instant();
        long written = 0;
        try (Stream<Presence> all = client.exportAll()) {
            Iterator<Presence> presences = all.iterator();
            while (presences.hasNext()) {
                // print, not println: println flushes every line; ndjson lines end in \n on every platform
                out().print(CliJson.line(presences.next()) + "\n");
                written++;
                if (written % PROGRESS_EVERY == 0) {
                    checkOut(written);
                    err().println("presence: export: " + written + " presences ...");
                    err().flush();
                }
            }
        }
        checkOut(written);
        err().println("presence: export: " + written + " presences in " + seconds(started) + " s");
        err().flush();
        return ExitCode.OK;
    }

    /** Stdout that fails (a full disk, a closed pipe) makes an incomplete backup: say so, never exit 0. */
    private void checkOut(long written) {
        out().flush();
        if (out().checkError()) {
            throw new IllegalStateException("writing to stdout failed after " + written
                    + " presences: the export is incomplete");
        }
    }

    String seconds(Instant started) {
        return String.format(Locale.ROOT, "%.1f", Duration.between(started, root.clock.instant()).toMillis() / 1000.0);
    }
}
