package io.presence.service.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.dropwizard.logging.common.LoggingUtil;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where this JVM's log goes while {@link NodesExtension} runs a test: into the {@link Capture} of the test (or
 * class) under way instead of the console, so a passing run prints nothing and a failing test can print what its
 * in-process nodes logged. In-process {@link TestNode}s leave logging to this class (Dropwizard's
 * {@code logging: type: external}): they all share the JVM's one logback, which their own configuration would
 * reset at every start and stop. Forked nodes log to a file of their own ({@link ForkedNode#LOG_FILE}).
 */
final class NodeLogs {

    private static final String APPENDER = "node-logs";
    private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n%ex";
    /** The capture under way; none outside a test scope, when the log goes to the console as usual. */
    private static final AtomicReference<Capture> CURRENT = new AtomicReference<>();

    private NodeLogs() {
    }

    /**
     * Routes the root logger, at WARN as the nodes are configured, to the capture under way, and
     * {@code java.util.logging} (Jersey's) with it. Idempotent; called again after anything (a Dropwizard app of
     * another test, with its own logging) may have replaced the appenders.
     */
    static synchronized void install() {
        LoggingUtil.hijackJDKLogging();
        LoggerContext context = LoggingUtil.getLoggerContext();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(APPENDER) == null) {
            PatternLayout layout = new PatternLayout();
            layout.setContext(context);
            layout.setPattern(PATTERN);
            layout.start();
            CaptureAppender appender = new CaptureAppender(layout);
            appender.setContext(context);
            appender.setName(APPENDER);
            appender.start();
            root.detachAndStopAllAppenders();
            root.addAppender(appender);
        }
        root.setLevel(Level.WARN);
    }

    /** Sends the log to {@code capture} from now on; returns the capture it replaces, for {@link #end}. */
    static Capture begin(Capture capture) {
        install();
        return CURRENT.getAndSet(capture);
    }

    /** Sends the log back to {@code previous} (the class's capture after a test's, or none). */
    static void end(Capture previous) {
        CURRENT.set(previous);
    }

    /** The text logged while a capture was under way, its newest {@link #LIMIT} characters. */
    static final class Capture {
        /** Enough for any test's warnings; a test that logs more is cut from the front, where it began. */
        static final int LIMIT = 1 << 20;

        private final StringBuilder text = new StringBuilder();
        private long dropped;

        synchronized void append(String line) {
            text.append(line);
            if (text.length() > LIMIT) {
                int cut = text.length() - LIMIT;
                text.delete(0, cut);
                dropped += cut;
            }
        }

        synchronized String text() {
            return dropped == 0 ? text.toString() : "[" + dropped + " earlier characters dropped]\n" + text;
        }
    }

    /** Appends each event to the capture under way, or prints it to the console when there is none. */
    private static final class CaptureAppender extends AppenderBase<ILoggingEvent> {
        private final PatternLayout layout;

        CaptureAppender(PatternLayout layout) {
            this.layout = layout;
        }

        @Override
        protected void append(ILoggingEvent event) {
            String line = layout.doLayout(event);
            Capture capture = CURRENT.get();
            if (capture != null) {
                capture.append(line);
            } else {
                System.out.print(line);
                System.out.flush();
            }
        }
    }
}
