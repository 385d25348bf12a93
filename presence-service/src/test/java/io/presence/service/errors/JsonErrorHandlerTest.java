package io.presence.service.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.presence.api.ErrorCodes;
import io.presence.api.ErrorResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.Test;

class JsonErrorHandlerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void serverFaultsGetAGenericMessage() throws IOException {
        ErrorResponse error = parse(ProblemWriter.bytes(JsonErrorHandler.problem(500, "java.lang.NullPointerException at x", null, "-")));
        assertThat(error.code()).isEqualTo(ErrorCodes.INTERNAL);
        assertThat(error.message()).startsWith("internal server error; report errorId ");
    }

    @Test
    void aRequestHeadThatStalledIsTheClientsTimeoutNotAServerError() {
        // What Jetty hands over when its idle timeout closed a connection whose request head never ended.
        Problem stalled = JsonErrorHandler.problem(500, "org.eclipse.jetty.io.EofException", new EofException(
                new TimeoutException("Idle timeout expired: 30000/30000 ms")), "GET /badRequest");
        assertThat(stalled).isInstanceOf(Problem.Rejected.class);
        assertThat(stalled.status()).isEqualTo(408);
        assertThat(stalled.message()).startsWith("request did not arrive in time");
        assertThat(JsonErrorHandler.problem(500, "x", new IllegalStateException(), "-").status()).isEqualTo(500);
    }

    @Test
    void keepsPlainReasonsAndDropsUnsafeOnes() {
        assertThat(JsonErrorHandler.problem(400, "Ambiguous URI path separator", null, "-").message())
                .isEqualTo("the path holds a percent-encoded '/' (%2F): no user or session id can contain '/'");
        assertThat(JsonErrorHandler.problem(400, "Ambiguous URI path encoding", null, "-").message())
                .isEqualTo("the path holds a percent-encoded '%' (%25): no user or session id can contain '%'");
        assertThat(JsonErrorHandler.problem(400, "Suspicious Path Character, Illegal Path Character", null, "-")
                .message()).startsWith("the path holds a character no user or session id can contain");
        assertThat(JsonErrorHandler.problem(400, "Ambiguous URI empty segment", null, "-").message())
                .isEqualTo("Ambiguous URI empty segment");
        assertThat(JsonErrorHandler.problem(400, "Bad Request", null, "-").message()).isEqualTo("bad request");
        assertThat(JsonErrorHandler.problem(400, null, null, "-").message()).isEqualTo("bad request");
        assertThat(JsonErrorHandler.problem(400, "org.eclipse.jetty.http.BadMessageException: 400", null, "-").message())
                .isEqualTo("bad request");
        assertThat(JsonErrorHandler.problem(431, null, new BadMessageException(431, "Header too large"), "-").message())
                .isEqualTo("Header too large");
        assertThat(JsonErrorHandler.problem(400, "z".repeat(500), null, "-").message()).hasSize(203);
    }

    @Test
    void badMessageBodyIsJson() throws IOException {
        HttpFields.Mutable fields = HttpFields.build();
        ByteBuffer body = new JsonErrorHandler(path -> Optional.empty()).badMessageError(400, "Bad Request", fields);
        assertThat(fields.get(HttpHeader.CONTENT_TYPE)).isEqualTo("application/json");
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        ErrorResponse unparsable = parse(bytes);
        assertThat(unparsable.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
        // Jetty gives a request it could not parse only the status's phrase: say where such requests go wrong.
        assertThat(unparsable.message()).startsWith("the request is not valid HTTP/1.1: check its request line");
        ByteBuffer reasoned = new JsonErrorHandler(path -> Optional.empty()).badMessageError(400, "Ambiguous URI path"
                + " separator", HttpFields.build());
        byte[] reasonedBytes = new byte[reasoned.remaining()];
        reasoned.get(reasonedBytes);
        assertThat(parse(reasonedBytes).message()).contains("percent-encoded '/' (%2F)");
        assertThat(new JsonErrorHandler(path -> Optional.empty()).errorPageForMethod("PUT")).isTrue();
    }

    private static ErrorResponse parse(byte[] body) throws IOException {
        assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain("Exception");
        return MAPPER.readValue(body, ErrorResponse.class);
    }
}
