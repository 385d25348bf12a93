package io.presence.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The operator CLI's entry point. */
// scope INHERIT: every subcommand gets -h/--help and -V/--version too
@Command(name = "presence", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = CliVersion.class,
        description = "Query and operate a Presence deployment.",
        subcommands = {GetCommand.class, SetCommand.class, ClearCommand.class, ListCommand.class,
                SessionsCommand.class, WatchCommand.class, ExportCommand.class, ImportCommand.class, HealthCommand.class, BenchCommand.class,
                CompletionCommand.class},
        footer = {"", "Environment: PRESENCE_URL (server URLs, comma-separated), PRESENCE_TOKEN (bearer JWT), "
                        + "PRESENCE_ADMIN_URL (the admin URL, for health).",
                "Exit codes: 0 ok, 1 error, 2 usage, 3 not found, 4 auth, 5 unavailable.",
                "", "Examples:",
                "  presence get alice bob",
                "  presence set alice --status busy --message 'in a call' --ttl 30m",
                "  presence sessions alice --end phone --token-file alice.jwt",
                "  presence watch alice bob -o json",
                "  presence export --token-file admin.jwt > backup.ndjson",
                "  presence import backup.ndjson --token-file admin.jwt",
                "  presence bench --duration 30s --token-file admin.jwt",
                "  source <(presence completion)"})
public final class PresenceCli implements Runnable {

    final Clock clock;
    final InputStream in;
    final boolean inIsTerminal;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public PresenceCli() {
        // JDK 17 has no isatty; a console is there when stdin and stdout are both terminals
        this(Clock.systemUTC(), System.in, System.console() != null);
    }

    /**
     * @param clock        what "3 min ago" is measured against
     * @param in           where {@code list} reads ids when no file is given
     * @param inIsTerminal whether {@code in} is a person typing, who is told how to end the input
     */
    public PresenceCli(Clock clock, InputStream in, boolean inIsTerminal) {
        this.clock = clock;
        this.in = in;
        this.inIsTerminal = inIsTerminal;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The SDK's logger, kept so its level holds (java.util.logging forgets levels of loggers nobody references).
     * The commands report what the SDK logs at INFO (a watch's reconnects and gaps) in their own words on stderr;
     * the JDK's console handler would print it again, as two lines with a timestamp.
     */
    private static final Logger SDK_LOG = Logger.getLogger("io.presence.client");

    public static void main(String[] args) {
        SDK_LOG.setLevel(Level.WARNING);
        // picocli's default writer hides System.out's write errors from checkError(); this one reports
        // them, so watch notices a closed pipe (presence watch ... | head -1) and stops.
        System.exit(commandLine(new PresenceCli()).setOut(new PrintWriter(System.out, true)).execute(args));
    }

    /** The command line for {@code cli}, with usage errors reported short ({@link UsageErrorHandler}). */
    static CommandLine commandLine(PresenceCli cli) {
        // -o JSON as -o json, as --status ONLINE is online: no option's values differ by case alone.
        return new CommandLine(cli).setParameterExceptionHandler(new UsageErrorHandler())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
