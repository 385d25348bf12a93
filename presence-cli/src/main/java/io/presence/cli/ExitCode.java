package io.presence.cli;

/** The CLI's exit codes, the same for every command. */
public final class ExitCode {

    /** The command did what was asked. */
    public static final int OK = 0;
    /** Any other failure (a server error, an unexpected exception, errors during a bench). */
    public static final int ERROR = 1;
    /** Bad usage: unknown option, missing argument, invalid value (also a 400 from the server). */
    public static final int USAGE = 2;
    /** Nothing found: none of the requested users exists. */
    public static final int NOT_FOUND = 3;
    /** Authentication or authorization failed (401, 403). */
    public static final int AUTH = 4;
    /** The server is unreachable, unavailable, rate limiting, or unhealthy. */
    public static final int UNAVAILABLE = 5;

    private ExitCode() {
    }
}
