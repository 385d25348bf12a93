package io.presence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpAndCompletionTest {

    private static final List<String> COMMANDS =
            List.of("get", "set", "clear", "list", "sessions", "watch", "export", "import", "health", "bench", "completion");

    private static Map<String, CommandLine> subcommands() {
        return new CommandLine(new PresenceCli()).getSubcommands();
    }

    @Test
    void everyCommandIsRegistered() {
        assertThat(subcommands()).containsOnlyKeys(COMMANDS);
    }

    @Test
    void everyCommandsHelpHasExamplesThatAreNotWrapped() {
        assertExamples("presence", new CommandLine(new PresenceCli()).getUsageMessage());
        subcommands().forEach((name, command) -> assertExamples(name, command.getUsageMessage()));
    }

    private static void assertExamples(String name, String usage) {
        assertThat(usage).as(name).contains("\nExamples:\n");
        List<String> examples = Arrays.stream(usage.substring(usage.indexOf("\nExamples:\n") + 11).split("\n"))
                .takeWhile(line -> !line.isEmpty()).toList();
        assertThat(examples).as(name + " examples").isNotEmpty()
                .allSatisfy(line -> assertThat(line).as(name).startsWith("  ").doesNotStartWith("   "));
    }

    @Test
    void everySubcommandAnswersHelp() {
        for (String name : COMMANDS) {
            CliHarness cli = new CliHarness();
            assertThat(cli.run(name, "--help")).as(name).isZero();
            assertThat(cli.out()).as(name).startsWith("Usage: presence " + name).contains("Examples:");
        }
    }

    @Test
    void aUsageErrorIsItsMessageTheSynopsisAndWhereTheHelpIs() {
        CliHarness missing = new CliHarness();
        assertThat(missing.run("get")).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).startsWith("Missing required parameter: 'USER'\nUsage: presence get [-hV]")
                .endsWith("USER...\nTry 'presence get --help' for more information.\n")
                .doesNotContain("Examples:");
        assertThat(missing.out()).isEmpty();

        CliHarness mistyped = new CliHarness();
        assertThat(mistyped.run("helth")).isEqualTo(ExitCode.USAGE);
        assertThat(mistyped.err()).startsWith("Unmatched argument at index 0: 'helth'\nDid you mean: presence health?\n")
                .endsWith("Try 'presence --help' for more information.\n")
                .doesNotContain("Commands:");

        CliHarness badValue = new CliHarness();
        assertThat(badValue.run("set", "alice", "--status", "sleepy")).isEqualTo(ExitCode.USAGE);
        assertThat(badValue.err()).startsWith("Invalid value for option '--status': 'sleepy' is not a status "
                + "(online|away|busy|offline)\nUsage: presence set").endsWith("Try 'presence set --help' for more information.\n");
    }

    @Test
    void completionPrintsABashScriptForEveryCommand() {
        CliHarness cli = new CliHarness();
        assertThat(cli.run("completion")).isZero();
        String script = cli.out();
        assertThat(script).startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_presence")
                .contains("local commands=\"" + String.join(" ", COMMANDS) + "\"")
                .contains("'--read-ratio'", "'--admin-url'", "(\"online\" \"away\" \"busy\" \"offline\")")
                .contains("'--session'", "'--end-all'", "(\"visible\" \"invisible\")", "(\"true\" \"false\")");
        assertThat(COMMANDS).allSatisfy(name -> assertThat(script).contains("function _picocli_presence_" + name + "()"));
        assertThat(cli.err()).isEmpty();
    }
}
