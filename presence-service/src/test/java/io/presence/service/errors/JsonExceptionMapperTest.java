package io.presence.service.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.presence.api.ErrorDetail;
import io.presence.api.ErrorResponse;
import io.presence.api.PresenceStatus;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonExceptionMapperTest {

    private final ObjectMapper mapper = ErrorHandling.configureObjectMapper(new ObjectMapper());

    enum Color { RED, GREEN }

    record Inner(boolean flag, double ratio, Color color) {
    }

    record Outer(Inner inner, String name) {
        Outer {
            if ("boom".equals(name)) {
                throw new IllegalArgumentException("no boom");
            }
        }
    }

    @Test
    void describesWhatEachTypeMustBe() {
        assertThat(JsonExceptionMapper.expectation(null)).isEqualTo("has the wrong type");
        assertThat(JsonExceptionMapper.expectation(PresenceStatus.class)).contains(PresenceStatus.ALLOWED_VALUES);
        assertThat(JsonExceptionMapper.expectation(Color.class)).isEqualTo("must be one of RED|GREEN");
        assertThat(JsonExceptionMapper.expectation(String.class)).isEqualTo("must be a string");
        assertThat(JsonExceptionMapper.expectation(boolean.class)).isEqualTo("must be true or false");
        assertThat(JsonExceptionMapper.expectation(Long.class)).isEqualTo("must be an integer");
        assertThat(JsonExceptionMapper.expectation(BigDecimal.class)).isEqualTo("must be a number");
        assertThat(JsonExceptionMapper.expectation(double.class)).isEqualTo("must be a number");
        assertThat(JsonExceptionMapper.expectation(List.class)).isEqualTo("must be an array");
        assertThat(JsonExceptionMapper.expectation(Map.class)).isEqualTo("must be an object");
        assertThat(JsonExceptionMapper.expectation(Instant.class)).isEqualTo("has the wrong type");
    }

    @Test
    void namesNestedFields() {
        ErrorResponse error = body(read("{\"inner\":{\"flag\":\"maybe\"}}"));
        assertThat(error.details()).containsExactly(new ErrorDetail("inner.flag", "must be true or false"));
        assertThat(body(read("{\"inner\":{\"color\":\"BLUE\"}}")).details())
                .containsExactly(new ErrorDetail("inner.color", "must be one of RED|GREEN"));
    }

    @Test
    void failingConstructorIsNotAValidValue() {
        ErrorResponse error = body(read("{\"name\":\"boom\"}"));
        assertThat(error.details()).extracting(ErrorDetail::message).containsExactly("is not a valid value");
    }

    @Test
    void emptyInputIsBodyRequired() {
        ErrorResponse error = body(read(""));
        assertThat(error.details()).containsExactly(new ErrorDetail("body", "is required"));
    }

    @Test
    void parseErrorsAreShortWithoutSource() {
        JsonParseException exception = new JsonParseException(null, "x".repeat(500) + " at [Source: secret]");
        ErrorResponse error = body(JsonExceptionMapper.clientError(exception).orElseThrow());
        assertThat(error.message()).startsWith("malformed JSON: ").endsWith("...").hasSizeLessThan(160)
                .doesNotContain("secret");
        ErrorResponse blank = body(JsonExceptionMapper.clientError(new JsonParseException(null, "")).orElseThrow());
        assertThat(blank.message()).isEqualTo("malformed JSON: unreadable input");
    }

    @Test
    void otherJacksonFailuresAreStillClientErrors() {
        Response plain = JsonExceptionMapper.clientError(new JsonProcessingException("odd") { }).orElseThrow();
        assertThat(plain.getStatus()).isEqualTo(400);
        Response mapping = JsonExceptionMapper.clientError(
                new JsonMappingException(null, "custom problem")).orElseThrow();
        assertThat(body(mapping).details()).containsExactly(new ErrorDetail("body", "is not a valid value"));
        ValueInstantiationException instantiation = catchThrowableOfType(ValueInstantiationException.class,
                () -> mapper.readValue("{\"name\":\"boom\"}", Outer.class));
        assertThat(JsonExceptionMapper.clientError(instantiation)).isPresent();
    }

    @Test
    void serializationFailuresAreServerFaults() {
        assertThat(JsonExceptionMapper.clientError(new JsonGenerationException("broken", (com.fasterxml.jackson.core.JsonGenerator) null)))
                .isEmpty();
        Response response = new JsonExceptionMapper()
                .toResponse(new JsonGenerationException("broken", (com.fasterxml.jackson.core.JsonGenerator) null));
        assertThat(response.getStatus()).isEqualTo(500);
    }

    @Test
    void bodyTooLargeInsideJacksonIs413() {
        JsonMappingException wrapped = new JsonMappingException(null, "wrapped", new BodyTooLargeException(5));
        assertThat(JsonExceptionMapper.clientError(wrapped).orElseThrow().getStatus()).isEqualTo(413);
    }

    private Response read(String json) {
        JsonProcessingException exception = catchThrowableOfType(JsonProcessingException.class,
                () -> mapper.readValue(json, Outer.class));
        return JsonExceptionMapper.clientError(exception).orElseThrow();
    }

    private static ErrorResponse body(Response response) {
        assertThat(response.getStatus()).isEqualTo(400);
        return (ErrorResponse) response.getEntity();
    }
}
