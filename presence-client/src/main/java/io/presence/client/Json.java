package io.presence.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.presence.api.ImportResult;
import io.presence.api.Presence;
import io.presence.api.PresenceList;
import io.presence.api.PresenceSession;
import io.presence.api.SessionList;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The SDK's one JSON mapper: ISO-8601 timestamps, tolerant of fields newer servers add. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

    /**
     * The required properties of the bodies the SDK reads, as openapi.yaml's schemas list them. Jackson
     * would bind a missing one as null (or 0), which callers would only trip over later. A presence's
     * {@code lastSeen} is not among them: a user who does not share it is served without it.
     */
    private static final Map<Class<?>, List<String>> REQUIRED = Map.of(
            Presence.class, List.of("userId", "status", "updatedAt", "nodeId", "revision"),
            PresenceList.class, List.of("presences", "notFound"),
            SessionList.class, List.of("userId", "sessions", "revision"),
            PresenceSession.class, List.of("sessionId", "status", "lastSeen", "updatedAt", "expiresAt", "ttlSeconds",
                    "nodeId"),
            ImportResult.class, List.of("imported", "skipped"));

    /** The arrays of records within a body, by the body's type: each element is checked as its own type. */
    private static final Map<Class<?>, Map.Entry<String, Class<?>>> ELEMENTS = Map.of(
            PresenceList.class, Map.entry("presences", Presence.class),
            SessionList.class, Map.entry("sessions", PresenceSession.class));

    private Json() {
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads a required body; one that is empty, not JSON or lacks a required property is a transport
     * failure, never a null or a half-filled record.
     *
     * @param what the start of the failure's message, saying what was read, e.g. "server answered 200
     *             with a body that is not a Presence (Content-Type text/html)"
     */
    static <T> T read(byte[] body, Class<T> type, String what) {
        if (body == null || body.length == 0) {
            throw new PresenceTransportException(what + ": empty body", null);
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (IOException e) {
            throw malformed(what, e);
        }
        String problem = problem(tree, type);
        if (problem != null) {
            throw new PresenceTransportException(what + ": " + problem, null);
        }
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (IOException | RuntimeException e) {
            throw malformed(what, e);
        }
    }

    private static PresenceTransportException malformed(String what, Exception e) {
        // Jackson's own message goes on with a location line that says nothing here ("Source: REDACTED").
        String detail = e instanceof JsonProcessingException json
                ? json.getOriginalMessage().lines().findFirst().orElse("") : e.toString();
        return new PresenceTransportException(what + ": " + detail, e);
    }

    /** @return what breaks the contract of {@code type}, or null when nothing does */
    private static String problem(JsonNode node, Class<?> type) {
        if (!node.isObject()) {
            return "not a JSON object";
        }
        List<String> missing = REQUIRED.get(type).stream().filter(name -> !node.hasNonNull(name)).toList();
        if (!missing.isEmpty()) {
            return "missing " + String.join(", ", missing);
        }
        Map.Entry<String, Class<?>> elements = ELEMENTS.get(type);
        JsonNode array = elements == null ? null : node.path(elements.getKey());
        if (array != null && array.isArray()) {
            for (int i = 0; i < array.size(); i++) {
                String problem = problem(array.get(i), elements.getValue());
                if (problem != null) {
                    return elements.getKey() + "[" + i + "] " + problem;
                }
            }
        }
        return null;
    }
}
