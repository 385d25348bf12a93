package io.presence.cli;

import io.presence.client.PresenceApiException;
import io.presence.client.PresenceForbiddenException;
import io.presence.client.PresenceInvalidInputException;
import io.presence.client.PresenceNotFoundException;
import io.presence.client.PresenceRateLimitedException;
import io.presence.client.PresenceTransportException;
import io.presence.client.PresenceUnauthorizedException;
import io.presence.client.PresenceUnavailableException;
import java.io.PrintWriter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Maps failures to exit codes and reports them on stderr: one line, the stack trace only if verbose.
 * The hint to rerun with {@code --verbose} is given only where a trace can tell more than the line:
 * not for bad input (usage) or a refused token (auth), whose line says all there is.
 */
final class Errors {

    private Errors() {
    }

    static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    static int exitCode(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof PresenceUnauthorizedException || e instanceof PresenceForbiddenException) {
            return ExitCode.AUTH;
        }
        if (e instanceof PresenceNotFoundException notFound) {
            // The node's own 404 names the user (set offline of a user it never saw); any other: see describe.
            return SessionErrors.isNotFound(notFound) ? ExitCode.NOT_FOUND : ExitCode.UNAVAILABLE;
        }
        if (e instanceof PresenceUnavailableException || e instanceof PresenceRateLimitedException
                || e instanceof PresenceTransportException || e instanceof java.io.IOException) {
            return ExitCode.UNAVAILABLE;
        }
        if (e instanceof PresenceApiException api && (api.status() == 400 || api.status() == 422)) {
            return ExitCode.USAGE;
        }
        if (e instanceof PresenceApiException api && isRedirect(api)) {
            return ExitCode.UNAVAILABLE; // the API is somewhere else, as with a wrong port
        }
        if (e instanceof PresenceApiException api && (api.status() == 502 || api.status() == 504)) {
            return ExitCode.UNAVAILABLE; // a proxy in front that could not reach a node
        }
        if (e instanceof IllegalArgumentException || e instanceof PresenceInvalidInputException) {
            return ExitCode.USAGE; // the CLI's own checks, and the SDK's of what it was given
        }
        return ExitCode.ERROR;
    }

    static String describe(Throwable error) {
        Throwable e = unwrap(error);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof PresenceNotFoundException api && !SessionErrors.isNotFound(api)) {
            // get, clear and sessions pass the node's 404 (its details name the user) on as "not found: USER";
            // the PUT, batch and stream paths answer every id, so any other 404 is a URL that misses the API.
            return message + " (HTTP " + api.status() + ", " + api.code() + "); no Presence API at that address: "
                    + "check --url (env PRESENCE_URL), its port and path prefix";
        }
        if (e instanceof PresenceApiException api && isRedirect(api)) {
            return message + "; check --url (env PRESENCE_URL)";
        }
        if (e instanceof PresenceApiException api && api.code().equals("http_" + api.status())) {
            return message; // no problem document: the message is the status and what the body began with
        }
        if (e instanceof PresenceApiException api) {
            return message + " (HTTP " + api.status() + ", " + api.code() + ")";
        }
        if (e instanceof PresenceTransportException && unreachable(e)) {
            return message + "; check --url (env PRESENCE_URL) and that the node is running";
        }
        if (e instanceof PresenceTransportException && causedBy(e, javax.net.ssl.SSLException.class)) {
            return message + "; check --url (env PRESENCE_URL)"; // the SDK's words say what to look for in it
        }
        if (e instanceof PresenceTransportException && timedOut(e)) {
            return message + "; check --url (env PRESENCE_URL) and that the node is healthy, or wait longer with "
                    + "--timeout";
        }
        return message;
    }

    /** The SDK follows no redirect; one means {@code --url} is not where the API is (http for https, say). */
    private static boolean isRedirect(PresenceApiException api) {
        return api.status() >= 300 && api.status() < 400;
    }

    /** Nothing answered at the address (refused, unknown host): the URL or the node is the problem. */
    private static boolean unreachable(Throwable error) {
        return causedBy(error, java.net.ConnectException.class) || causedBy(error, java.net.UnknownHostException.class);
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> kind) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (kind.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** Something took the connection but did not answer in time (a hung node, a firewall that drops). */
    private static boolean timedOut(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.InterruptedIOException || cause.getMessage() != null
                    && cause.getMessage().contains("no answer in time")) {
                return true;
            }
        }
        return false;
    }

    static int report(Throwable error, PrintWriter err, boolean verbose) {
        err.println("presence: error: " + TerminalText.safe(describe(error)));
        int exitCode = exitCode(error);
        if (verbose) {
            unwrap(error).printStackTrace(err);
        } else if (exitCode != ExitCode.USAGE && exitCode != ExitCode.AUTH) {
            err.println("(run with --verbose for the stack trace)");
        }
        err.flush();
        return exitCode;
    }
}
