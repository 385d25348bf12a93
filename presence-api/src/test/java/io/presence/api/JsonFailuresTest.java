package io.presence.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonFailuresTest {

    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    enum Color { RED, GREEN }

    record Inner(boolean flag, double ratio, Color color) {
    }

    record Counted(int small, long big) {
    }

    record Listed(List<Counted> counts) {
    }

    record Outer(Inner inner, String name, Instant at) {
        Outer {
            if ("boom".equals(name)) {
                throw new IllegalArgumentException("no boom");
            }
        }
    }

    @Test
    void describesWhatEachTypeMustBe() {
        assertThat(JsonFailures.expectation(null)).isEqualTo("has the wrong type");
        assertThat(JsonFailures.expectation(PresenceStatus.class)).contains(PresenceStatus.ALLOWED_VALUES);
        assertThat(JsonFailures.expectation(Visibility.class)).isEqualTo("must be one of visible|invisible");
        assertThat(JsonFailures.expectation(Color.class)).isEqualTo("must be one of RED|GREEN");
        assertThat(JsonFailures.expectation(String.class)).isEqualTo("must be a string");
        assertThat(JsonFailures.expectation(boolean.class)).isEqualTo("must be true or false");
        assertThat(JsonFailures.expectation(Long.class)).isEqualTo("must be an integer");
        assertThat(JsonFailures.expectation(BigDecimal.class)).isEqualTo("must be a number");
        assertThat(JsonFailures.expectation(double.class)).isEqualTo("must be a number");
        assertThat(JsonFailures.expectation(List.class)).isEqualTo("must be an array");
        assertThat(JsonFailures.expectation(Map.class)).isEqualTo("must be an object");
        assertThat(JsonFailures.expectation(Instant.class))
                .isEqualTo("must be an ISO-8601 time string such as \"2026-12-04T12:00:00Z\"");
        assertThat(JsonFailures.expectation(java.time.Duration.class)).isEqualTo("has the wrong type");
    }

    @Test
    void aValueOfTheWrongKindNamesItsFieldAndWhatItMustBe() {
        assertThat(failure("{\"inner\":{\"flag\":\"maybe\"}}", Outer.class))
                .isEqualTo(new JsonFailures.Failure("inner.flag", "must be true or false"));
        assertThat(failure("{\"inner\":{\"color\":\"BLUE\"}}", Outer.class).describe())
                .isEqualTo("inner.color must be one of RED|GREEN");
        assertThat(failure("{\"at\":\"yesterday\"}", Outer.class).field()).isEqualTo("at");
        assertThat(failure("{\"status\":\"dnd\"}", Presence.class).describe())
                .isEqualTo("status must be one of " + PresenceStatus.ALLOWED_VALUES);
        assertThat(failure("[1,2]", Presence.class).describe()).isEqualTo("must be an object");
        assertThat(failure("{\"name\":\"boom\"}", Outer.class).reason()).isEqualTo("is not a valid value");
        assertThat(failure("{\"nope\":1}", Presence.class).describe()).isEqualTo("nope unknown field");
    }

    @Test
    void aNumberPastItsTypesRangeNamesTheField() {
        assertThat(failure("{\"counts\":[{\"small\":1,\"big\":1},{\"small\":2147483648,\"big\":1}]}", Listed.class))
                .isEqualTo(new JsonFailures.Failure("counts[1].small", "is out of range of a 32-bit integer"));
        assertThat(failure("{\"small\":1,\"big\":-99999999999999999999}", Counted.class).describe())
                .isEqualTo("big is out of range of a 64-bit integer");
    }

    @Test
    void theWholeValueIsNamedAsSuch() {
        assertThat(failure("", Outer.class)).isEqualTo(new JsonFailures.Failure("", "is required"));
        assertThat(failure("{\"name\":\"a\"} {\"name\":\"b\"}", Outer.class).describe())
                .isEqualTo("must be one JSON value, with nothing after it");
        assertThat(JsonFailures.of(new JsonMappingException(null, "custom problem")).orElseThrow())
                .isEqualTo(new JsonFailures.Failure("", "is not a valid value"));
    }

    /** The parser's reason, short, where it stopped, without the input and without Jackson's hints to its programmer. */
    @Test
    void textThatIsNoJsonIsMalformedJsonInShort() {
        JsonFailures.Failure cutOff = failure("{\"userId\":\"x\"", Presence.class);
        assertThat(cutOff.field()).isNull();
        assertThat(cutOff.describe()).isEqualTo("malformed JSON: Unexpected end-of-input: expected close marker for"
                + " Object (line 1, column 14)");
        JsonFailures.Failure cutInAValue = failure("{\"name\":\"x\",\"at\":\"2026-12-0", Outer.class);
        assertThat(cutInAValue.field()).as("the text is cut, not the field's value wrong").isNull();
        assertThat(cutInAValue.describe()).startsWith("malformed JSON: Unexpected end-of-input");
        assertThat(failure("{\"name\":NaN}", Outer.class).reason()).startsWith("malformed JSON: Non-standard token 'NaN'")
                .doesNotContain("enable", "ALLOW_");
        JsonParseException tooLong = new JsonParseException(null, "x".repeat(500) + " at [Source: secret]");
        assertThat(JsonFailures.of(tooLong).orElseThrow().reason()).startsWith("malformed JSON: ").endsWith("...")
                .hasSizeLessThan(160).doesNotContain("secret");
        assertThat(JsonFailures.of(new JsonParseException(null, "")).orElseThrow().reason())
                .isEqualTo("malformed JSON: unreadable input");
        assertThat(JsonFailures.of(new JsonProcessingException("odd") { }).orElseThrow().field()).isNull();
    }

    @Test
    void textPastTheParsersBoundsIsMalformed() {
        ObjectMapper strict = new ObjectMapper();
        strict.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(2).build());
        JsonProcessingException deep = catchThrowableOfType(JsonProcessingException.class,
                () -> strict.readTree("[[[[1]]]]"));
        assertThat(JsonFailures.of(deep).orElseThrow().reason()).startsWith("malformed JSON: nesting too deep");
    }

    @Test
    void failuresOfWritingOrOfATypesDefinitionAreNotTheTexts() {
        assertThat(JsonFailures.of(new JsonGenerationException("broken", (JsonGenerator) null))).isEmpty();
        assertThat(JsonFailures.of(InvalidDefinitionException.from((com.fasterxml.jackson.core.JsonParser) null,
                "no creator", mapper.constructType(Outer.class)))).isEmpty();
    }

    private JsonFailures.Failure failure(String json, Class<?> type) {
        JsonProcessingException exception = catchThrowableOfType(JsonProcessingException.class,
                () -> mapper.readValue(json, type));
        assertThat(exception).as(json).isNotNull();
        return JsonFailures.of(exception).orElseThrow();
    }
}
