package io.presence.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaRangesTest {

    @ParameterizedTest(name = "[{0}] admits JSON: {1}")
    @CsvSource(delimiter = '|', value = {
        "|true",
        "'   '|true",
        "application/json|true",
        "*/*|true",
        "application/*|true",
        "APPLICATION/JSON|true",
        "text/html|false",
        "application/json;q=0|false",
        "application/json; q=0.0|false",
        "*/*;q=0|false",
        "application/*;q=0|false",
        "application/json;q=0, */*|false",
        "*/*;q=0, application/json|true",
        "application/*;q=0, application/json;q=0.1|true",
        "text/html;q=0.9, */*;q=0.1|true",
        "application/json;q=0.001|true",
        "application/json;q=abc|false",
        "application/json;q=2|false",
        "application/json;q=abc, */*|true",
        "*/json|false",
        "json|false",
        "application/json;charset=utf-8;q=0|false",
        "application/json;charset=utf-8|true",
        "';'|false",
        "';;;'|false",
    })
    void decidesByTheMostSpecificMatchingRange(String accept, boolean admitted) {
        assertThat(MediaRanges.admits(accept, "application", "json")).isEqualTo(admitted);
    }

    @ParameterizedTest(name = "[{0}] is malformed at: {1}")
    @CsvSource(delimiter = '|', value = {
        "|",
        "application/json|",
        "'text/event-stream, */*;q=0.1'|",
        "', ,application/json'|",
        "';'|;",
        "';;;'|;;;",
        "a/b/c|a/b/c",
        "'*/*;q=abc'|*/*;q=abc",
        "'text/html, json'|json",
        "'application/json;q=2'|application/json;q=2",
        "'a b/c'|a b/c",
    })
    void namesTheFirstElementThatIsNotAMediaRange(String accept, String malformed) {
        assertThat(MediaRanges.malformedElement(accept)).isEqualTo(Optional.ofNullable(malformed));
    }
}
