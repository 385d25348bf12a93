package io.presence.service.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.NoContentException;
import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipException;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpException;
import org.junit.jupiter.api.Test;

class ClientFaultsTest {

    @Test
    void findsClientFaultsThroughWrappers() {
        assertThat(status(new ProcessingException(new NoContentException("empty")))).isEqualTo(400);
        assertThat(status(new IOException(new BadMessageException(400, "bad chunk")))).isEqualTo(400);
        assertThat(status(new RuntimeException(new BadMessageException(431)))).isEqualTo(431);
        assertThat(status(new ProcessingException(new JsonParseException(null, "bad")))).isEqualTo(400);
        assertThat(status(new IOException(new HttpException.RuntimeException(413, "too large")))).isEqualTo(413);
        assertThat(status(new IOException(new ZipException("not gzip")))).isEqualTo(400);
        assertThat(status(new IOException(new EOFException()))).isEqualTo(400);
    }

    @Test
    void aBodyThatStoppedComingIs408AndClosesTheConnection() {
        Problem problem = ClientFaults.find(new IOException(new TimeoutException("idle"))).orElseThrow();
        assertThat(problem.status()).isEqualTo(408);
        assertThat(problem.headers()).containsEntry("Connection", "close");
    }

    @Test
    void serverFaultsAreNotClientFaults() {
        assertThat(ClientFaults.find(new IllegalStateException("x"))).isEmpty();
        assertThat(ClientFaults.find(new RuntimeException(new HttpException.RuntimeException(500)))).isEmpty();
        assertThat(ClientFaults.find(new SelfCaused())).isEmpty();
    }

    @Test
    void anythingElseIsA500ThatNamesOnlyAnErrorId() {
        Problem problem = Problems.of(new IOException("disk at /var/lib/x failed"), RequestSummary.NONE);
        assertThat(problem).isInstanceOf(Problem.Internal.class);
        assertThat(problem.message()).startsWith(Problem.INTERNAL_MESSAGE).doesNotContain("disk");
    }

    private static int status(Throwable throwable) {
        return ClientFaults.find(throwable).orElseThrow().status();
    }

    /** A cause chain that loops on itself. */
    private static final class SelfCaused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        @Override
        public synchronized Throwable getCause() {
            return this;
        }
    }
}
