package io.presence.service.nats;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.ConnectException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class NatsErrorLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(NatsConnector.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final AtomicLong now = new AtomicLong();
    private final NatsErrorLog errors = new NatsErrorLog("center-1", now::get);

    @BeforeEach
    void capture() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
    }

    /** A reconnect every 250 ms while nats-server restarts: one WARN line, then one a minute with the count. */
    @Test
    void aFailureThatRepeatsIsSaidOnceAMinuteWithItsCount() {
        for (int attempt = 0; attempt <= 240; attempt++) {
            errors.exceptionOccurred(null, new ConnectException("Connection refused"));
            now.addAndGet(250_000_000L);
        }
        errors.errorOccurred(null, "Authorization Violation");
        errors.errorOccurred(null, "Authorization Violation");
        errors.heartbeatAlarm(null, null, 42, 7);
        now.addAndGet(15_000_000_000L);
        errors.heartbeatAlarm(null, null, 42, 7);

        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "nats connection failure node=center-1 error=\"ConnectException: Connection refused\"",
                "nats connection failure node=center-1 error=\"ConnectException: Connection refused\""
                        + " repeatedSinceLastSaid=239",
                "nats connection failure node=center-1 error=\"server said: Authorization Violation\"",
                "nats connection failure node=center-1 error=\"heartbeat alarm: subscription ? missed its idle heartbeats"
                        + " (last stream sequence 42)\"");
        assertThat(logged.list).extracting(event -> event.getLevel().toString()).containsOnly("WARN");
    }
}
