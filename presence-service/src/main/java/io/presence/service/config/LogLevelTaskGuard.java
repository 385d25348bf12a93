package io.presence.service.config;

import ch.qos.logback.classic.Level;
import io.presence.service.errors.Problem;
import io.presence.service.errors.ProblemWriter;
import io.presence.service.errors.SafeText;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * In front of Dropwizard's {@code POST /tasks/log-level}: it reads a level Logback does not have as DEBUG
 * ({@code level=DEBG} turned a node's logging up to thousands of lines a minute), a root logger without a level and a
 * duration it cannot parse fail inside it as a 500 with a logged ERROR, and no logger (or an empty name) is a 200
 * that changed nothing. All are a 400 here that says what to send, as the configuration file's own check
 * ({@link LogLevels}) refuses a level at start.
 */
public final class LogLevelTaskGuard extends HttpFilter {

    private static final long serialVersionUID = 1L;
    /** Where Dropwizard serves the task on the admin port. */
    public static final String PATH = "/tasks/log-level";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String[] levels = request.getParameterValues("level");
        String[] loggers = request.getParameterValues("logger");
        String duration = request.getParameter("duration");
        String refusal = null;
        if (loggers == null || Arrays.stream(loggers).anyMatch(String::isBlank)) {
            refusal = "name the logger: logger=ROOT, or a logger's name such as io.presence.service"
                    + " (several may be given)";
        } else if (duration != null && !isDuration(duration)) {
            refusal = "duration '" + SafeText.echo(duration) + "' is not an ISO-8601 duration such as PT5M";
        } else if (levels != null) {
            for (String level : levels) {
                if (Level.toLevel(level, null) == null) {
                    refusal = "level '" + SafeText.echo(level) + "' is not one Logback has: send " + LogLevels.NAMES;
                    break;
                }
            }
        } else if (namesRoot(loggers)) {
            refusal = "the root logger needs a level: send level=" + LogLevels.NAMES
                    + " (without one, a logger other than ROOT goes back to its parent's)";
        }
        if (refusal != null) {
            ProblemWriter.write(Problem.Rejected.of(HttpServletResponse.SC_BAD_REQUEST, refusal), response);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Dropwizard's task reads {@code duration} with {@link Duration#parse}, and answers a 500 for what it cannot. */
    private static boolean isDuration(String text) {
        try {
            Duration.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean namesRoot(String[] loggers) {
        for (String logger : loggers) {
            if ("ROOT".equalsIgnoreCase(logger)) {
                return true;
            }
        }
        return false;
    }
}
