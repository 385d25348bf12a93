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
import io.presence.service.json.StrictJson;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.eclipse.jetty.http.HttpException;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonProblemsTest {

    private final ObjectMapper mapper = StrictJson.configureObjectMapper(new ObjectMapper());

    enum Color { RED, GREEN }

    record Inner(boolean flag, double ratio, Color color) {
    }

    record Counted(int small, long big) {
    }

    record Listed(List<Counted> counts) {
    }

    record Outer(Inner inner, String name) {
        Outer {
            if ("boom".equals(name)) {
                throw new IllegalArgumentException("no boom");
            }
        }
    }

    @Test
    void namesNestedFields() {
        ErrorResponse error = body(read("{\"inner\":{\"flag\":\"maybe\"}}"));
        assertThat(error.details()).containsExactly(new ErrorDetail("inner.flag", "must be true or false"));
        assertThat(body(read("{\"inner\":{\"color\":\"BLUE\"}}")).details())
                .containsExactly(new ErrorDetail("inner.color", "must be one of RED|GREEN"));
    }

    @Test
    void aNumberPastItsTypesRangeNamesTheField() throws Exception {
        ErrorResponse tooBig = body(JsonProblems.clientError(catchThrowableOfType(
                () -> mapper.readValue("{\"counts\":[{\"small\":1,\"big\":1},{\"small\":2147483648,\"big\":1}]}", Listed.class),
                JsonProcessingException.class)).orElseThrow());
        assertThat(tooBig.details()).containsExactly(new ErrorDetail("counts[1].small", "is out of range of a 32-bit integer"));
        JsonProcessingException tooSmall = catchThrowableOfType(
                () -> mapper.readValue("{\"small\":1,\"big\":-99999999999999999999}", Counted.class), JsonProcessingException.class);
        assertThat(JsonProblems.describe(tooSmall)).isEqualTo("big is out of range of a 64-bit integer");
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
        ErrorResponse error = body(JsonProblems.clientError(exception).orElseThrow());
        assertThat(error.message()).startsWith("malformed JSON: ").endsWith("...").hasSizeLessThan(160)
                .doesNotContain("secret");
        ErrorResponse blank = body(JsonProblems.clientError(new JsonParseException(null, "")).orElseThrow());
        assertThat(blank.message()).isEqualTo("malformed JSON: unreadable input");
    }

    /** Two objects in one body: the first is an object, so "must be an object" would mislead. */
    @Test
    void contentAfterTheValueIsNamedAsSuch() {
        ErrorResponse error = body(read("{\"name\":\"a\"} {\"name\":\"b\"}"));
        assertThat(error.details()).singleElement().satisfies(detail -> {
            assertThat(detail.field()).isEqualTo("body");
            assertThat(detail.message()).isEqualTo("must be one JSON value, with nothing after it");
        });
    }

    /** Jackson's hints name its own switches, which a client cannot turn: the answer keeps only what is wrong. */
    @Test
    void parseErrorsLeaveOutJacksonsHintsToItsProgrammer() {
        assertThat(body(read("{\"name\":NaN}")).message()).startsWith("malformed JSON: Non-standard token 'NaN'")
                .doesNotContain("enable", "ALLOW_");
        assertThat(body(read("{/* c */\"name\":\"x\"}")).message()).startsWith("malformed JSON: Unexpected character")
                .doesNotContain("Feature", "ALLOW_");
    }

    @Test
    void otherJacksonFailuresAreStillClientErrors() {
        Problem plain = JsonProblems.clientError(new JsonProcessingException("odd") { }).orElseThrow();
        assertThat(plain.status()).isEqualTo(400);
        Problem mapping = JsonProblems.clientError(
                new JsonMappingException(null, "custom problem")).orElseThrow();
        assertThat(body(mapping).details()).containsExactly(new ErrorDetail("body", "is not a valid value"));
        ValueInstantiationException instantiation = catchThrowableOfType(ValueInstantiationException.class,
                () -> mapper.readValue("{\"name\":\"boom\"}", Outer.class));
        assertThat(JsonProblems.clientError(instantiation)).isPresent();
    }

    @Test
    void serializationFailuresAreServerFaults() {
        JsonGenerationException broken = new JsonGenerationException("broken", (JsonGenerator) null);
        assertThat(JsonProblems.clientError(broken)).isEmpty();
        assertThat(Problems.of(broken, RequestSummary.NONE).status()).isEqualTo(500);
    }

    @Test
    void aBodyOverTheLimitInsideJacksonIs413() {
        JsonMappingException wrapped = new JsonMappingException(null, "wrapped",
                new IOException(new HttpException.RuntimeException(413, "too large")));
        assertThat(Problems.of(wrapped, RequestSummary.NONE).status()).isEqualTo(413);
    }

    private Problem read(String json) {
        JsonProcessingException exception = catchThrowableOfType(JsonProcessingException.class,
                () -> mapper.readValue(json, Outer.class));
        return JsonProblems.clientError(exception).orElseThrow();
    }

    private static ErrorResponse body(Problem problem) {
        assertThat(problem.status()).isEqualTo(400);
        return problem.body();
    }
}
