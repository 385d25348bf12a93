package io.presence.service.nats;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A child's output as the pump forwards it: here a shell printing what nats-server prints. */
class ServerOutputPumpTest {

    private final Logger serverLog = (Logger) LoggerFactory.getLogger(ServerOutputPump.LOGGER_NAME);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Level levelBefore = serverLog.getLevel();

    @BeforeEach
    void capture() {
        logged.start();
        serverLog.addAppender(logged);
        serverLog.setLevel(Level.INFO);
    }

    @AfterEach
    void release() {
        serverLog.detachAppender(logged);
        serverLog.setLevel(levelBefore);
    }

    /**
     * A leaf with the wrong password links every second: its refusal and its link closed again are said once, not
     * once per attempt; other lines each time.
     */
    @Test
    void aFailureRepeatedFromAttemptToAttemptIsSaidOnce() throws Exception {
        Process child = new ProcessBuilder("sh", "-c", "for i in $(seq 1 30); do"
                + " echo \"[42] 2026/12/07 06:00:0$((i % 10)).123456 [ERR] 127.0.0.1:5$i - lid:$i - authentication error\";"
                + " echo \"[42] 2026/12/07 06:00:00.000001 [INF] 127.0.0.1:5$i - lid:$i - Leafnode connection closed\";"
                + " done; echo '[42] 2026/12/07 06:00:11.000001 [ERR] Error listening on port';"
                + " echo '[42] 2026/12/07 06:00:12.000001 [INF] Server is ready';"
                + " echo '[43] 2026/12/07 06:00:13.000001 [INF] Server is ready'").start();
        ServerOutputPump pump = ServerOutputPump.start(child, "center-1");
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        pump.awaitEnd(java.time.Duration.ofSeconds(10));

        assertThat(logged.list).filteredOn(event -> event.getLevel().toString().equals("ERROR"))
                .extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                        "node=center-1 pid=" + child.pid() + " [ERR] 127.0.0.1:51 - lid:1 - authentication error",
                        "node=center-1 pid=" + child.pid() + " [ERR] Error listening on port");
        assertThat(logged.list).filteredOn(event -> event.getLevel().toString().equals("INFO"))
                .extracting(ILoggingEvent::getFormattedMessage).containsExactly("node=center-1 pid=" + child.pid()
                        + " [INF] 127.0.0.1:51 - lid:1 - Leafnode connection closed", "node=center-1 pid=" + child.pid()
                        + " [INF] Server is ready", "node=center-1 pid=" + child.pid() + " [INF] Server is ready");
        assertThat(pump.tail()).as("the start-failure tail keeps every line").hasSize(ServerOutputPump.TAIL_LINES);
    }
}
