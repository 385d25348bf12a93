package io.presence.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The operator CLI's entry point; subcommands arrive with the CLI issue. */
@Command(name = "presence", mixinStandardHelpOptions = true, version = "presence-cli 0.1.0",
        description = "Query and operate a Presence deployment.")
public final class PresenceCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PresenceCli()).execute(args));
    }
}
