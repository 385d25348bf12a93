package io.presence.service.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.jackson.Jackson;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantSerializerTest {

    private static final Instant YEAR_0 = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant YEAR_9999_END = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private static String formatted(Instant instant) {
        char[] buffer = new char[30];
        int length = IsoInstantSerializer.format(instant, buffer);
        return length < 0 ? null : new String(buffer, 0, length);
    }

    @Test
    void writesWhatIsoInstantWritesAcrossItsRange() {
        SplittableRandom random = new SplittableRandom(20261130);
        long first = YEAR_0.getEpochSecond();
        long last = YEAR_9999_END.getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(random.nextLong(first, last + 1), nanos);
            assertThat(formatted(instant)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
        }
    }

    @Test
    void writesTheEdgesOfDaysYearsAndLeapYearsExactly() {
        List<String> edges = List.of("0000-01-01T00:00:00Z", "0000-02-29T23:59:59.999Z", "1969-12-31T23:59:59.999999Z",
                "1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000000001Z", "1999-12-31T23:59:59Z",
                "2000-02-29T12:00:00.100Z", "2024-02-29T00:00:00Z", "2100-03-01T00:00:00Z",
                "2026-11-30T10:15:30.123456Z", "9999-12-31T23:59:59.999999999Z");
        for (String edge : edges) {
            assertThat(formatted(Instant.parse(edge))).isEqualTo(edge);
        }
    }

    @Test
    void leavesYearsOutsideFourDigitsToTheFormatter() throws Exception {
        assertThat(formatted(YEAR_0.minusNanos(1))).isNull();
        assertThat(formatted(YEAR_9999_END.plusNanos(1))).isNull();

        ObjectMapper mapper = Jackson.newObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .registerModule(IsoInstantSerializer.module());
        for (Instant instant : List.of(Instant.MIN, Instant.MAX, YEAR_0.minusSeconds(1), YEAR_9999_END.plusSeconds(1))) {
            assertThat(mapper.writeValueAsString(instant))
                    .isEqualTo("\"" + DateTimeFormatter.ISO_INSTANT.format(instant) + "\"");
        }
    }

    @Test
    void theApplicationsMapperWritesInstantsAsJacksonsOwnSerializerDid() throws Exception {
        ObjectMapper jacksons = Jackson.newObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        ObjectMapper ours = jacksons.copy().registerModule(IsoInstantSerializer.module());
        Map<String, Object> value = Map.of("at", Instant.parse("2026-11-30T10:15:30.120Z"),
                "list", List.of(Instant.EPOCH, Instant.parse("2026-11-30T10:15:30Z")));

        assertThat(ours.writeValueAsString(value)).isEqualTo(jacksons.writeValueAsString(value));
    }
}
