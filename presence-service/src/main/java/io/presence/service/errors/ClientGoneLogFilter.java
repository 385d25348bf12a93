package io.presence.service.errors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.nio.channels.ClosedChannelException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Drops Jersey's ERROR "Error while closing the output stream in order to commit response", and Jetty's servlet
 * WARN "handleException", when the cause is a client that closed its connection (Jetty's {@link EofException},
 * or a {@link ClosedChannelException}). Over HTTP/2 (the h2c connector) a client that
 * hangs up as soon as it has its answer, as curl does, races Jersey's close of the finished response: about one
 * answer in five logged a stack trace for a request that was answered in full. A client that goes away is no
 * error of the node's; every other failure Jersey logs still is.
 */
public final class ClientGoneLogFilter extends TurboFilter {

    static final String JERSEY_RESPONDER = "org.glassfish.jersey.server.ServerRuntime$Responder";
    static final String SERVLET_CHANNEL = "org.eclipse.jetty.ee10.servlet.ServletChannel";

    /** Adds the filter to logback; a no-op when logging is not logback (nothing else is configured here). */
    public static void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(ClientGoneLogFilter.class::isInstance)) {
            ClientGoneLogFilter filter = new ClientGoneLogFilter();
            filter.start();
            context.addTurboFilter(filter);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable t) {
        return t != null && (JERSEY_RESPONDER.equals(logger.getName()) || SERVLET_CHANNEL.equals(logger.getName()))
                && clientGone(t)
                ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    private static boolean clientGone(Throwable t) {
        for (Throwable cause = t; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof EofException || cause instanceof ClosedChannelException) {
                return true;
            }
        }
        return false;
    }
}
