package io.presence.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the root, the writers, {@code --verbose} and the error mapping. */
abstract class BaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    PresenceCli root;

    @Option(names = "--verbose", description = "Print stack traces of errors on stderr.")
    boolean verbose;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Most ids named on the "not found" line; a list of thousands would bury the rest of stderr. */
    static final int NOT_FOUND_SHOWN = 20;

    /** Names missing users on stderr, the first {@link #NOT_FOUND_SHOWN} of them; -o json has them all. */
    void notFound(List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        String shown = String.join(", ", ids.subList(0, Math.min(ids.size(), NOT_FOUND_SHOWN)));
        err().println("presence: not found: " + TerminalText.safe(shown) + (ids.size() <= NOT_FOUND_SHOWN ? ""
                : " and " + (ids.size() - NOT_FOUND_SHOWN) + " more (" + ids.size() + " in all; -o json lists them)"));
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    @Override
    public final Integer call() {
        try {
            int code = execute();
            out().flush();
            if (code == ExitCode.OK && out().checkError() && !stopsWhenOutputCloses()) {
                // A full disk, or a file or pipe that failed: what a script captured is incomplete.
                err().println("presence: error: writing to stdout failed: the output is incomplete");
                err().flush();
                return ExitCode.ERROR;
            }
            return code;
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (RuntimeException | java.io.IOException e) {
            out().flush();
            return Errors.report(e, err(), verbose);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Errors.report(e, err(), verbose);
        }
    }

    /** @return the exit code */
    abstract int execute() throws java.io.IOException, InterruptedException;

    /**
     * Whether the command ends, successfully, once its output can no longer be written: a {@code watch} piped into
     * {@code head -1}. Every other command's output failing is an error.
     */
    boolean stopsWhenOutputCloses() {
        return false;
    }
}
