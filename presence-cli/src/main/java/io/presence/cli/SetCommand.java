package io.presence.cli;

import io.presence.api.Presence;
import io.presence.api.PresenceStatus;
import io.presence.client.PresenceApiException;
import io.presence.client.PresenceClient;
import io.presence.client.StatusUpdate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code presence set USER --status S [--message M] [--ttl 5m]}. */
@Command(name = "set", description = "Set a user's presence (needs a token that may write USER).",
        footer = {"", "Examples:",
                "  presence set alice -s busy -m 'in a call' --ttl 30m --token-file ~/alice.jwt",
                "  PRESENCE_TOKEN=... presence set alice --status online -o json"})
final class SetCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "USER", description = "User id.")
    String user;

    @Option(names = {"-s", "--status"}, required = true, converter = Converters.StatusConverter.class,
            completionCandidates = Converters.StatusCandidates.class,
            description = "One of ${COMPLETION-CANDIDATES}.")
    PresenceStatus status;

    @Option(names = {"-m", "--message"}, description = "Status message.")
    String message;

    @Option(names = "--ttl", converter = Converters.DurationConverter.class, paramLabel = "DURATION",
            description = "Expire after this long (e.g. 90s, 5m, 2h).")
    Duration ttl;

    @Override
    int execute(PresenceClient client) {
        if (ttl != null) {
            // said in the option's terms; the SDK refuses the same, naming its own argument
            if (ttl.toSeconds() < 1) {
                throw usage("--ttl must be at least 1s");
            }
            if (ttl.toNanos() % 1_000_000_000L != 0) {
                throw usage("--ttl must be whole seconds (was " + ttl.toMillis() + "ms)");
            }
        }
        Presence stored;
        try {
            stored = client.set(user, new StatusUpdate(status, message, ttl));
        } catch (PresenceApiException e) {
            throw e.status() == 422 && !e.details().isEmpty() ? inOptionTerms(e) : e;
        }
        print(stored);
        return ExitCode.OK;
    }

    /** The body's field names, as a 422 names them, and the options that set them. */
    private static final Map<String, String> OPTIONS = Map.of("status", "--status", "message", "--message",
            "ttlSeconds", "--ttl");

    /**
     * The node's 422 speaks of the body ("ttlSeconds must be between 5 and 86400 seconds"); the user
     * typed options, so its details are restated with those ("--ttl must be between ...").
     */
    private static PresenceApiException inOptionTerms(PresenceApiException e) {
        String message = e.details().stream()
                .map(detail -> OPTIONS.getOrDefault(detail.field(), detail.field()) + " " + detail.message())
                .collect(Collectors.joining("; "));
        PresenceApiException restated = new PresenceApiException(e.status(), e.code(), message, e.details());
        restated.setStackTrace(e.getStackTrace());
        return restated;
    }

    void print(Presence presence) {
        if (output.json()) {
            out().println(CliJson.pretty(presence));
        } else {
            Table.presences(List.of(presence), root.clock, out());
        }
    }
}
