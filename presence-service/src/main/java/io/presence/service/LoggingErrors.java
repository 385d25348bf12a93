package io.presence.service;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.status.Status;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The configured logging's appenders that did not start: one whose file cannot be opened leaves a node that runs,
 * healthy, and logs nothing (logback prints its status once and carries on). A command refuses to go on with one
 * instead ({@link #requireNone}).
 */
final class LoggingErrors {

    private LoggingErrors() {
    }

    /** Throws, naming the appender and why, when one of the configured appenders did not start. */
    static void requireNone() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        for (Logger logger : context.getLoggerList()) {
            for (Appender<ILoggingEvent> appender : appendersOf(logger)) {
                if (!appender.isStarted()) {
                    throw new IllegalStateException("logging: the appender " + appender.getName() + " did not start"
                            + why(context, appender).map(reason -> " (" + reason + ")").orElse("")
                            + "; fix the logging section: an appender's file must be writable by the user the node"
                            + " runs as");
                }
            }
        }
    }

    /** The logger's appenders and, for a wrapper (Dropwizard's asynchronous one), those it wraps. */
    private static List<Appender<ILoggingEvent>> appendersOf(AppenderAttachable<ILoggingEvent> attachable) {
        List<Appender<ILoggingEvent>> all = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = attachable.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            all.add(appender);
            if (appender instanceof AppenderAttachable<?>) {
                @SuppressWarnings("unchecked")
                AppenderAttachable<ILoggingEvent> wrapper = (AppenderAttachable<ILoggingEvent>) appender;
                all.addAll(appendersOf(wrapper));
            }
        }
        return all;
    }

    /** The last error logback recorded for {@code appender}. */
    private static Optional<String> why(LoggerContext context, Appender<ILoggingEvent> appender) {
        String reason = null;
        for (Status status : context.getStatusManager().getCopyOfStatusList()) {
            if (status.getOrigin() == appender && status.getEffectiveLevel() >= Status.ERROR) {
                reason = status.getMessage()
                        + (status.getThrowable() == null ? "" : ": " + status.getThrowable().getMessage());
            }
        }
        return Optional.ofNullable(reason);
    }
}
