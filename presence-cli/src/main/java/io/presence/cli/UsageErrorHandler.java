package io.presence.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A usage error as one screen can show it: what was wrong (after the {@code presence: error:} every error has), picocli's "did you mean" for a mistyped
 * command or option, the command's synopsis, and where the full help is. picocli's default prints the
 * whole help, which pushes the one line that matters off the top of the terminal.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        // One prefix for every error the CLI prints, usage errors too; picocli words some of its own "Error: ...".
        String message = String.valueOf(e.getMessage());
        err.println("presence: error: " + TerminalText.safe(message.startsWith("Error: ") ? message.substring(7) : message));
        UnmatchedArgumentException.printSuggestions(e, err);
        err.print(command.getHelp().fullSynopsis());
        err.printf("Try '%s --help' for more information.%n", command.getCommandSpec().qualifiedName());
        err.flush();
        return ExitCode.USAGE;
    }
}
