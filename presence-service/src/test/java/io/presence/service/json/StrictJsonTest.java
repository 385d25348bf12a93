package io.presence.service.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.presence.api.Presence;
import io.presence.api.PresenceUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a request body may not say; the whole list of hostile bodies is HostileInputIT's, against a node. */
class StrictJsonTest {

    private final ObjectMapper mapper = StrictJson.configureObjectMapper(new ObjectMapper());

    /** An empty or blank string is no number, boolean, setting or absence: Jackson would have read it as null. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"status\":\"online\",\"ttlSeconds\":\"\"}", "{\"status\":\"online\",\"ttlSeconds\":\" \"}",
            "{\"status\":\"online\",\"shareLastSeen\":\"\"}", "{\"status\":\"online\",\"visibility\":\"\"}",
            "{\"status\":\"\"}"})
    void anEmptyStringForAnythingButTextIsRefusedInAWrite(String body) {
        JsonMappingException refused = catchThrowableOfType(() -> mapper.readValue(body, PresenceUpdate.class),
                JsonMappingException.class);

        assertThat(refused).as(body).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"sessions\":\"\"", "\"revision\":\"\"", "\"invisibleSince\":\"\"", "\"liveSessions\":\"\"",
            "\"updatedAt\":\" \""})
    void anEmptyStringForAnythingButTextIsRefusedInAnExportLine(String field) {
        String line = "{\"userId\":\"ann\",\"status\":\"online\"," + field + "}";

        assertThat(catchThrowableOfType(() -> mapper.readValue(line, Presence.class), JsonMappingException.class))
                .as(line).isNotNull();
    }

    @Test
    void anEmptyMessageIsStillAString() throws Exception {
        assertThat(mapper.readValue("{\"status\":\"online\",\"message\":\"\"}", PresenceUpdate.class).message()).isEmpty();
    }
}
