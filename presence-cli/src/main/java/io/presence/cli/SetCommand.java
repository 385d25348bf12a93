package io.presence.cli;

import io.presence.api.Presence;
import io.presence.api.PresenceLimits;
import io.presence.api.PresenceStatus;
import io.presence.api.Visibility;
import io.presence.client.PresenceApiException;
import io.presence.client.PresenceClient;
import io.presence.client.PresenceInvalidInputException;
import io.presence.client.PresenceNotFoundException;
import io.presence.client.StatusUpdate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code presence set USER --status S [--message M] [--ttl 5m] [--session ID] [--visibility V]
 * [--share-last-seen B]}.
 */
@Command(name = "set", description = "Set a user's presence (needs a token that may write USER).",
        footer = {"", "Examples:",
                "  presence set alice -s busy -m 'in a call' --ttl 30m --token-file ~/alice.jwt",
                "  PRESENCE_TOKEN=... presence set alice --status online -o json",
                "  presence set alice -s online --session phone --ttl 2m",
                "  presence set alice -s online --visibility invisible --share-last-seen false",
                "", "Without --session it writes the session 'default'; the user's presence is the aggregate of "
                        + "the live sessions (busy > online > away > offline). --visibility and --share-last-seen hold "
                        + "for the user until changed. The table shows the user as they see themselves."})
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

    @Option(names = "--session", paramLabel = "ID",
            description = "Write this session of the user (a device; the rules of a user id). Offline ends it.")
    String session;

    @Option(names = "--visibility", paramLabel = "V", converter = Converters.VisibilityConverter.class,
            completionCandidates = Converters.VisibilityCandidates.class,
            description = "${COMPLETION-CANDIDATES}: invisible shows the user offline to everyone else.")
    Visibility visibility;

    @Option(names = "--share-last-seen", paramLabel = "B", arity = "1",
            completionCandidates = Converters.BooleanCandidates.class,
            description = "${COMPLETION-CANDIDATES}: false hides the user's last seen from everyone else.")
    Boolean shareLastSeen;

    @Override
    int execute(PresenceClient client) {
        if (ttl != null) {
            // the contract's bounds, what any node accepts; a node's own narrower range comes back as its 422
            Duration shortest = Duration.ofSeconds(PresenceLimits.MIN_TTL_SECONDS);
            Duration longest = Duration.ofSeconds(PresenceLimits.MAX_TTL_SECONDS);
            if (ttl.compareTo(shortest) < 0 || ttl.compareTo(longest) > 0) {
                throw usage("--ttl must be between " + Converters.human(shortest) + " and " + Converters.human(longest)
                        + " (was " + Converters.human(ttl) + ")");
            }
            if (ttl.getNano() != 0) {
                throw usage("--ttl must be whole seconds (was " + ttl.toMillis() + "ms)");
            }
        }
        StatusUpdate update;
        try {
            update = new StatusUpdate(status, message, ttl, visibility, shareLastSeen);
        } catch (PresenceInvalidInputException e) {
            // the SDK's check of the message, in the option's terms: "message must ..." becomes "--message must ..."
            throw usage(e.getMessage().replaceFirst("^" + Pattern.quote(e.field()) + "\\b",
                    Matcher.quoteReplacement(OPTIONS.getOrDefault(e.field(), e.field()))));
        }
        Presence stored;
        try {
            stored = session == null ? client.set(user, update) : client.setSession(user, session, update);
        } catch (PresenceNotFoundException e) {
            // Offline for a user the node never saw: nothing is stored, said as get and clear say it.
            if (!SessionErrors.isNotFound(e)) {
                throw session == null ? e : SessionErrors.withoutSessions(e);
            }
            notFound(List.of(user));
            return ExitCode.NOT_FOUND;
        } catch (PresenceApiException e) {
            if (e.status() == 422 && !e.details().isEmpty()) {
                throw inOptionTerms(e);
            }
            throw session == null ? e : SessionErrors.withoutSessions(e);
        }
        print(stored);
        return ExitCode.OK;
    }

    /** The body's field names, as a 422 names them, and the options that set them. */
    private static final Map<String, String> OPTIONS = Map.of("status", "--status", "message", "--message",
            "ttlSeconds", "--ttl", "sessionId", "--session", "visibility", "--visibility",
            "shareLastSeen", "--share-last-seen");

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
