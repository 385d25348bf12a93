package io.presence.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Decimal seconds: written as short as exact, read back exactly, and any other spelling left to Jackson's reader. */
class StoredInstantsTest {

    private final ObjectMapper mapper = Jackson.newObjectMapper().registerModule(StoredInstants.module());

    @ParameterizedTest
    @CsvSource({
        "2026-12-04T12:00:00Z, 1796385600.0",
        "2026-12-04T12:00:00.392Z, 1796385600.392",
        "2026-12-04T12:00:00.000001Z, 1796385600.000001",
        "2026-12-04T12:00:00.123456789Z, 1796385600.123456789",
        "1970-01-01T00:00:00Z, 0.0",
        "1969-12-31T23:59:59.5Z, -0.5",
        "1969-12-31T23:59:58Z, -2.0",
    })
    void writesTheShortestExactDecimalAndReadsItBack(String iso, String decimal) throws Exception {
        Instant instant = Instant.parse(iso);

        assertThat(mapper.writeValueAsString(instant)).isEqualTo(decimal);
        assertThat(mapper.readValue(decimal, Instant.class)).isEqualTo(instant);
    }

    @ParameterizedTest
    @CsvSource({
        "'\"2026-12-04T12:00:00.392Z\"', 2026-12-04T12:00:00.392Z",
        "1796385600.5e0, 2026-12-04T12:00:00.5Z",
        "1796385600, 2026-12-04T12:00:00Z",
        "1796385600.1234567891, 2026-12-04T12:00:00.123456789Z",
    })
    void leavesOtherSpellingsToJacksonsReader(String json, String iso) throws Exception {
        assertThat(mapper.readValue(json, Instant.class)).isEqualTo(Instant.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1796385600.", ".5", "-1.5", "1e3", "12345678901234567890.1", "1.1234567890", "1.2x"})
    void parsesOnlyItsOwnForm(String text) {
        assertThat(StoredInstants.parse(text)).isNull();
    }
}
