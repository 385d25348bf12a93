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
        ErrorResponse error = parse(JsonErrorHandler.body(500, "java.lang.NullPointerException at x", null));
        assertThat(error.code()).isEqualTo(ErrorCodes.INTERNAL);
        assertThat(error.message()).startsWith("internal server error; report errorId ");
    }

    @Test
    void keepsPlainReasonsAndDropsUnsafeOnes() {
        assertThat(JsonErrorHandler.clean(400, "Ambiguous URI path separator", null))
                .isEqualTo("Ambiguous URI path separator");
        assertThat(JsonErrorHandler.clean(400, "Bad Request", null)).isEqualTo("bad request");
        assertThat(JsonErrorHandler.clean(400, null, null)).isEqualTo("bad request");
        assertThat(JsonErrorHandler.clean(400, "org.eclipse.jetty.http.BadMessageException: 400", null))
                .isEqualTo("bad request");
        assertThat(JsonErrorHandler.clean(431, null, new BadMessageException(431, "Header too large")))
                .isEqualTo("Header too large");
        assertThat(JsonErrorHandler.clean(400, "z".repeat(500), null)).hasSize(203);
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
