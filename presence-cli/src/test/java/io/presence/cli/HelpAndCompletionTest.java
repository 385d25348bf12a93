package io.presence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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

    /** A footer paragraph is one string that picocli wraps to the terminal; a line broken by hand wraps raggedly. */
    @Test
    void footerParagraphsAreNotBrokenByHand() {
        Map<String, CommandLine> commands = new LinkedHashMap<>(subcommands());
        commands.put("presence", new CommandLine(new PresenceCli()));
        commands.forEach((name, command) -> assertThat(command.getCommandSpec().usageMessage().footer()).as(name)
                .filteredOn(line -> !line.isEmpty() && !line.startsWith("  "))
                .allSatisfy(paragraph -> assertThat(paragraph).as(name).matches("(?s).*[.:)\\]]")));
    }

    /** Every command can be misused (2) and reads can meet a node with private reads (4) or none at all (5). */
    @Test
    void theReadCommandsHelpListsEveryExitCodeTheyUse() {
        for (String name : List.of("get", "list", "sessions")) {
            assertThat(subcommands().get(name).getCommandSpec().usageMessage().footer()).as(name)
                    .filteredOn(paragraph -> paragraph.startsWith("Exit codes:")).singleElement().asString()
                    .contains("0 ok", "2 usage", "3 ", "4 ", "5 unavailable");
        }
    }

    /** The root help names every environment variable an option reads, and no other. */
    @Test
    void theRootHelpNamesEveryEnvironmentVariableTheCliReads() {
        Set<String> read = new TreeSet<>();
        Pattern env = Pattern.compile("\\$\\{env:([A-Z_]+)");
        // the options' default values as written, "${env:PRESENCE_URL:-http://localhost:8080}"
        new CommandLine(new PresenceCli()).setInterpolateVariables(false).getSubcommands().values()
                .forEach(command -> command.getCommandSpec().options().forEach(option -> {
                    Matcher matcher = env.matcher(String.valueOf(option.defaultValue()));
                    while (matcher.find()) {
                        read.add(matcher.group(1));
                    }
                }));
        assertThat(read).containsExactly("PRESENCE_ADMIN_URL", "PRESENCE_TOKEN", "PRESENCE_URL");

        String environment = new CommandLine(new PresenceCli()).getUsageMessage().lines()
                .dropWhile(line -> !line.startsWith("Environment:")).takeWhile(line -> !line.startsWith("Exit codes:"))
                .collect(Collectors.joining(" "));
        assertThat(environment).contains(read);
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
        assertThat(missing.err()).startsWith("presence: error: Missing required parameter: 'USER'\nUsage: presence get [-hV]")
                .endsWith("USER...\nTry 'presence get --help' for more information.\n")
                .doesNotContain("Examples:");
        assertThat(missing.out()).isEmpty();

        CliHarness mistyped = new CliHarness();
        assertThat(mistyped.run("helth")).isEqualTo(ExitCode.USAGE);
        assertThat(mistyped.err()).startsWith("presence: error: Unmatched argument at index 0: 'helth'\nDid you mean: presence health?\n")
                .endsWith("Try 'presence --help' for more information.\n")
                .doesNotContain("Commands:");

        CliHarness badValue = new CliHarness();
        assertThat(badValue.run("set", "alice", "--status", "sleepy")).isEqualTo(ExitCode.USAGE);
        assertThat(badValue.err()).startsWith("presence: error: Invalid value for option '--status': 'sleepy' is not a status "
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
