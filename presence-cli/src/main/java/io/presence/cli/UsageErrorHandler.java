package io.presence.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A usage error as one screen can show it: what was wrong, picocli's "did you mean" for a mistyped
 * command or option, the command's synopsis, and where the full help is. picocli's default prints the
 * whole help, which pushes the one line that matters off the top of the terminal.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.print(command.getHelp().fullSynopsis());
        err.printf("Try '%s --help' for more information.%n", command.getCommandSpec().qualifiedName());
        err.flush();
        return ExitCode.USAGE;
    }
}
