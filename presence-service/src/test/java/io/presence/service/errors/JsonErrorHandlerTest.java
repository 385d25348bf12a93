package io.presence.service.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.presence.api.ErrorCodes;
import io.presence.api.ErrorResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
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
    void keepsPlainReasonsAndDropsUnsafeOnes() {
        assertThat(JsonErrorHandler.problem(400, "Ambiguous URI path separator", null, "-").message())
                .isEqualTo("Ambiguous URI path separator");
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
        ByteBuffer body = new JsonErrorHandler().badMessageError(400, "Bad Request", fields);
        assertThat(fields.get(HttpHeader.CONTENT_TYPE)).isEqualTo("application/json");
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        assertThat(parse(bytes).code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
        assertThat(new JsonErrorHandler().errorPageForMethod("PUT")).isTrue();
    }

    private static ErrorResponse parse(byte[] body) throws IOException {
        assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain("Exception");
        return MAPPER.readValue(body, ErrorResponse.class);
    }
}
