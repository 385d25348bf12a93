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

/**
 * In front of Dropwizard's {@code POST /tasks/log-level}: it reads a level Logback does not have as DEBUG
 * ({@code level=DEBG} turned a node's logging up to thousands of lines a minute), and a root logger without a level
 * fails inside it as a 500 with a logged ERROR. Both are a 400 here that says what to send, as the configuration
 * file's own check ({@link LogLevels}) refuses them at start.
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
        String refusal = null;
        if (levels != null) {
            for (String level : levels) {
                if (Level.toLevel(level, null) == null) {
                    refusal = "level '" + SafeText.echo(level) + "' is not one Logback has: send " + LogLevels.NAMES;
                    break;
                }
            }
        } else if (namesRoot(request.getParameterValues("logger"))) {
            refusal = "the root logger needs a level: send level=" + LogLevels.NAMES
                    + " (without one, a logger other than ROOT goes back to its parent's)";
        }
        if (refusal != null) {
            ProblemWriter.write(Problem.Rejected.of(HttpServletResponse.SC_BAD_REQUEST, refusal), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean namesRoot(String[] loggers) {
        if (loggers == null) {
            return false;
        }
        for (String logger : loggers) {
            if ("ROOT".equalsIgnoreCase(logger)) {
                return true;
            }
        }
        return false;
    }
}
