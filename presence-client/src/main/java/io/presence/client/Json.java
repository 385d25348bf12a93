package io.presence.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/** The SDK's one JSON mapper: ISO-8601 timestamps, tolerant of fields newer servers add. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

    private Json() {
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /** Reads a required body; a malformed or empty one is a transport failure, never a null. */
    static <T> T read(byte[] body, Class<T> type) {
        T value;
        try {
            value = body == null || body.length == 0 ? null : MAPPER.readValue(body, type);
        } catch (IOException | RuntimeException e) {
            throw new PresenceTransportException("malformed " + type.getSimpleName() + " in response: "
                    + e.getMessage(), e);
        }
        if (value == null) {
            throw new PresenceTransportException("empty " + type.getSimpleName() + " in response", null);
        }
        return value;
    }
}
