package io.presence.service.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import io.presence.api.ErrorResponse;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.NoContentException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.eclipse.jetty.http.BadMessageException;
import org.junit.jupiter.api.Test;

class ClientErrorsTest {

    @Test
    void findsClientFaultsThroughWrappers() {
        assertThat(status(new ProcessingException(new NoContentException("empty")))).isEqualTo(400);
        assertThat(status(new IOException(new BadMessageException(400, "bad chunk")))).isEqualTo(400);
        assertThat(status(new RuntimeException(new BadMessageException(431)))).isEqualTo(431);
        assertThat(status(new ProcessingException(new JsonParseException(null, "bad")))).isEqualTo(400);
        assertThat(status(new ProcessingException(new BodyTooLargeException(1)))).isEqualTo(413);
    }

    @Test
    void serverFaultsAreNotClientFaults() {
        assertThat(ClientErrors.find(new IllegalStateException("x"))).isEmpty();
        assertThat(ClientErrors.find(new RuntimeException(new org.eclipse.jetty.http.HttpException.RuntimeException(500)))).isEmpty();
        assertThat(ClientErrors.find(new SelfCaused())).isEmpty();
    }

    @Test
    void fallbackAndReadMappersAnswer500ForServerFaults() {
        assertThat(new FallbackExceptionMapper().toResponse(new IllegalStateException("x")).getStatus()).isEqualTo(500);
        assertThat(new RequestReadExceptionMapper().toResponse(new IOException("disk")).getStatus()).isEqualTo(500);
    }

    @Test
    void webApplicationExceptionKeepsAGivenErrorResponse() {
        ErrorResponse given = ErrorResponse.of("rate_limited", "slow down");
        Response response = new WebApplicationExceptionMapper().toResponse(new WebApplicationException(
                Response.status(429).header("Retry-After", "3").entity(given).build()));
        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getEntity()).isEqualTo(given);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("3");
    }

    private static int status(Throwable throwable) {
        return ClientErrors.find(throwable).orElseThrow().getStatus();
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
