package io.presence.service.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.service.errors.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link WholeBodyHandler} on a real Jetty server whose idle timeout is short. */
class WholeBodyHandlerTest {
    private static final long IDLE_MILLIS = 300;

    private final Server server = new Server();

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    /**
     * The application answers a stalled body with a 408, but a busy node (a cold JVM on a loaded CI
     * machine) may take longer than one more idle timeout to get there. That second timeout must not
     * drop the connection without an answer.
     */
    @Test
    void aStalledBodyIsAnsweredEvenWhenTheAnswerTakesLongerThanTheIdleTimeout() throws Exception {
        int port = start(new SlowToAnswer(3 * IDLE_MILLIS));

        RawHttp.RawResponse response = RawHttp.exchangeStalled(port, "PUT /x HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Length: 100", "{\"status\":".getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(408);
        assertThat(response.body()).startsWith("java.util.concurrent.TimeoutException: Idle timeout expired");
    }

    @Test
    void aWholeBodyIsHandedOnAsItCame() throws Exception {
        int port = start(new SlowToAnswer(0));

        RawHttp.RawResponse response = RawHttp.exchange(port, "PUT /x HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\nContent-Length: 5", "hello".getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello");
    }

    private int start(Handler application) throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setIdleTimeout(IDLE_MILLIS);
        server.addConnector(connector);
        server.setHandler(new WholeBodyHandler(application, 64 * 1024));
        server.start();
        return connector.getLocalPort();
    }

    /** Works for a while, then echoes the body, or answers 408 naming what failed the read. */
    private static final class SlowToAnswer extends Handler.Abstract {
        private final long workMillis;

        SlowToAnswer(long workMillis) {
            this.workMillis = workMillis;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            TimeUnit.MILLISECONDS.sleep(workMillis);
            String answer;
            try {
                answer = Content.Source.asString(request, StandardCharsets.UTF_8);
                response.setStatus(200);
            } catch (Exception failure) {
                answer = String.valueOf(failure.getCause());
                response.setStatus(408);
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
            Content.Sink.write(response, true, answer, callback);
            return true;
        }
    }
}
