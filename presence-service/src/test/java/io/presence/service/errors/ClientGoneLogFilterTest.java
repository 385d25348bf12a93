package io.presence.service.errors;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ClientGoneLogFilterTest {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void install() {
        ClientGoneLogFilter.install();
        logged.start();
    }

    @AfterEach
    void detach() {
        context.getLogger(ClientGoneLogFilter.JERSEY_RESPONDER).detachAppender(logged);
        context.getLogger(ClientGoneLogFilter.SERVLET_CHANNEL).detachAppender(logged);
        context.getLogger("io.presence.other").detachAppender(logged);
    }

    private Logger capture(String name) {
        Logger logger = context.getLogger(name);
        logger.addAppender(logged);
        return logger;
    }

    @Test
    void dropsJerseysCloseErrorWhenTheClientHungUp() {
        Logger jersey = capture(ClientGoneLogFilter.JERSEY_RESPONDER);
        IOException wrapped = new IOException("close failed", new EofException(new ClosedChannelException()));

        jersey.error("Error while closing the output stream in order to commit response.", wrapped);
        jersey.error("direct", new EofException("reset"));

        assertThat(logged.list).isEmpty();
    }

    /** Over h2c a stream the client closed while its answer was written: WARN handleException, with a trace. */
    @Test
    void dropsJettysServletWarningWhenTheClientHungUp() {
        Logger servlet = capture(ClientGoneLogFilter.SERVLET_CHANNEL);

        servlet.warn("handleException /api/v2/presence/a", new ClosedChannelException());
        servlet.warn("handleException /api/v2/presence/b", new IOException("disk"));

        assertThat(logged.list).extracting(ILoggingEvent::getMessage)
                .containsExactly("handleException /api/v2/presence/b");
    }

    @Test
    void keepsEveryOtherFailure() {
        Logger jersey = capture(ClientGoneLogFilter.JERSEY_RESPONDER);
        Logger other = capture("io.presence.other");

        jersey.error("Error while closing the output stream in order to commit response.", new IOException("disk"));
        jersey.error("no throwable");
        other.error("client gone elsewhere", new EofException("reset"));

        assertThat(logged.list).extracting(ILoggingEvent::getMessage)
                .containsExactly("Error while closing the output stream in order to commit response.", "no throwable",
                        "client gone elsewhere");
    }

    @Test
    void installsOnce() {
        ClientGoneLogFilter.install();

        assertThat(context.getTurboFilterList().stream().filter(ClientGoneLogFilter.class::isInstance)).hasSize(1);
    }
}
