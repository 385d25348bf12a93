package io.presence.service.config;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.logging.common.DefaultLoggingFactory;

/**
 * Whether the logging section names only levels Logback has. Dropwizard reads a name it does not know as INFO
 * without a word, so {@code level: DEBG} would quietly log less than asked, and {@code level: LOUD} something else
 * than meant.
 */
public final class LogLevels {

    /** What {@link #known} accepts, as the refusal names it. */
    public static final String NAMES = "OFF, ERROR, WARN, INFO, DEBUG, TRACE or ALL";

    private LogLevels() {
    }

    /** Whether {@code logging.level} and every level under {@code logging.loggers} is one Logback has. */
    public static boolean allKnown(DefaultLoggingFactory logging) {
        return known(logging.getLevel()) && logging.getLoggers().values().stream().allMatch(LogLevels::known);
    }

    /** A logger's entry: its level alone, or a section whose {@code level} is optional (INFO). */
    private static boolean known(JsonNode logger) {
        if (logger.isObject()) {
            JsonNode level = logger.get("level");
            return level == null || known(level.asText());
        }
        return known(logger.asText());
    }

    /** YAML reads an unquoted {@code OFF} as false, which Dropwizard takes for OFF. */
    static boolean known(String level) {
        return level != null && ("false".equalsIgnoreCase(level) || Level.toLevel(level, null) != null);
    }
}
