package io.presence.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.presence.api.Backups;
import io.presence.api.ImportResult;
import io.presence.api.JsonFailures;
import io.presence.api.Presence;
import io.presence.client.PresenceApiException;
import io.presence.client.PresenceClient;
import io.presence.client.PresenceException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code presence import FILE}: restores the presences of an export. */
@Command(name = "import", description = {"Restore presences from an export: FILE (or - for stdin) holds one JSON "
        + "presence per line, as 'presence export' writes them.",
        "Each is stored as it was (status, message, lastSeen, expiresAt, ...) unless the node holds a record of that "
                + "user as new or newer: importing again changes nothing. Needs a token with the scope presence:admin."},
        footer = {"", "Examples:",
                "  presence import backup.ndjson --token-file admin.jwt",
                "  gunzip -c backup.ndjson.gz | presence import - -o json",
                "", "Every line is checked before anything is sent; a bad one is a usage error naming its line.",
                "Progress goes to stderr, the counts to stdout (JSON with -o json: {\"imported\": N, \"skipped\": N}).",
                "Exit codes: 0 ok, 2 a bad line, 4 auth, 5 unavailable (what was imported stays: run it again)."})
final class ImportCommand extends ClientCommand {

    /** Presences between two progress lines on stderr. */
    static final int PROGRESS_EVERY = 10_000;

    @Parameters(index = "0", paramLabel = "FILE", description = "The export to restore; - for stdin.")
    String file;

    @Override
    int execute(PresenceClient client) throws IOException {
        Instant started = root.clock.instant();
        boolean stdin = file.equals("-");
        Path path = stdin ? null : Path.of(file);
        if (path != null) {
            InputFiles.checkReadable("export file", path);
        } else if (root.inIsTerminal) {
            err().println("presence: reading an export from stdin, one presence per line; end with Ctrl-D");
            err().flush();
        }
        // Every line is checked before anything is sent. A file is read twice rather than held; stdin once.
        List<Presence> fromStdin = new ArrayList<>();
        long total;
        try (BufferedReader lines = open(path)) {
            total = check(lines, stdin ? fromStdin::add : presence -> { });
        }
        if (total == 0) {
            throw usage("no presences in " + source() + ": an export holds one JSON presence per line");
        }
        err().println("presence: import: " + total + " presences from " + source() + " ...");
        err().flush();
        long[] reported = {0};
        ImportResult result;
        try (BufferedReader lines = stdin ? null : open(path)) {
            Iterator<Presence> presences = stdin ? fromStdin.iterator() : new Lines(lines);
            result = client.importAll(presences, sofar -> {
                long done = sofar.imported() + sofar.skipped();
                if (done / PROGRESS_EVERY > reported[0] / PROGRESS_EVERY && done < total) {
                    err().println("presence: import: " + done + " of " + total + " presences ...");
                    err().flush();
                }
                reported[0] = done;
            });
        } catch (PresenceException e) {
            if (e instanceof PresenceApiException refused) {
                // The node's reasons, each naming the presence ("presence 450": its place in the file's presences).
                refused.details().forEach(detail -> err().println("presence: import: " + detail.field() + " of "
                        + source() + ": " + detail.message()));
            }
            // A refused token or a refused line stored nothing, and another run would be refused alike.
            if (reported[0] > 0 || Errors.exitCode(e) == ExitCode.UNAVAILABLE) {
                err().println("presence: import: stopped after " + reported[0] + " of " + total + " presences; what "
                        + "was imported stays, and running the same import again is safe (stored presences are skipped)");
                err().flush();
            }
            throw e;
        }
        err().println("presence: import: " + total + " presences in " + String.format(Locale.ROOT, "%.1f",
                Duration.between(started, root.clock.instant()).toMillis() / 1000.0) + " s");
        err().flush();
        if (output.json()) {
            out().println(CliJson.pretty(result));
        } else {
            new Table("IMPORTED", "SKIPPED").row(Long.toString(result.imported()), Long.toString(result.skipped()))
                    .print(out());
        }
        return ExitCode.OK;
    }

    private String source() {
        return file.equals("-") ? "stdin" : file;
    }

    private BufferedReader open(Path path) throws IOException {
        if (path == null) {
            return new BufferedReader(new InputStreamReader(root.in, StandardCharsets.UTF_8));
        }
        return Files.newBufferedReader(path, StandardCharsets.UTF_8);
    }

    /** Checks every line; hands each presence on; returns how many there are. */
    private long check(BufferedReader lines, java.util.function.Consumer<Presence> each) throws IOException {
        long count = 0;
        int number = 0;
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                Presence presence = parse(number, line);
                if (presence != null) {
                    each.accept(presence);
                    count++;
                }
            }
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("cannot read export file " + source() + ": " + InputFiles.NOT_UTF8, e);
        }
        return count;
    }

    /** The line's presence, null for a blank line; a usage error naming the line when it is not importable. */
    private Presence parse(int number, String text) {
        String line = number == 1 ? InputFiles.withoutByteOrderMark(text) : text;
        if (line.isBlank()) {
            return null;
        }
        Presence presence;
        try {
            presence = CliJson.MAPPER.readValue(line, Presence.class);
        } catch (JsonProcessingException e) {
            // In the node's words for the same line (its import answers them): the field and what it must be.
            throw bad(number, "not a presence: " + JsonFailures.of(e).map(JsonFailures.Failure::describe)
                    .orElse("unreadable"));
        }
        if (presence == null) {
            throw bad(number, "not a presence: null");
        }
        List<String> problems = Backups.problems(presence);
        if (!problems.isEmpty()) {
            throw bad(number, String.join("; ", problems));
        }
        return presence;
    }

    private IllegalArgumentException bad(int number, String problem) {
        return new IllegalArgumentException("line " + number + " of " + source() + ": " + TerminalText.safe(problem)
                + "; nothing was imported");
    }

    /** The checked file read again, a presence at a time. */
    private final class Lines implements Iterator<Presence> {
        private final BufferedReader reader;
        private int number;
        private Presence next;

        Lines(BufferedReader reader) {
            this.reader = reader;
        }

        @Override
        public boolean hasNext() {
            try {
                while (next == null) {
                    String line = reader.readLine();
                    if (line == null) {
                        return false;
                    }
                    next = parse(++number, line);
                }
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Presence next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Presence presence = next;
            next = null;
            return presence;
        }
    }
}
