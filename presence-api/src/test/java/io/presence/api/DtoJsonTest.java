package io.presence.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DtoJsonTest {

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("presence-online.json", Presence.class),
                Arguments.of("presence-offline.json", Presence.class),
                Arguments.of("presence-update.json", PresenceUpdate.class),
                Arguments.of("presence-update-minimal.json", PresenceUpdate.class),
                Arguments.of("batch-request.json", BatchRequest.class),
                Arguments.of("presence-list.json", PresenceList.class),
                Arguments.of("error-response.json", ErrorResponse.class),
                Arguments.of("error-response-no-details.json", ErrorResponse.class),
                Arguments.of("error-detail.json", ErrorDetail.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureSurvivesRoundTripUnchanged(String fixture, Class<?> type) {
        String json = TestJson.fixture(fixture);

        Object value = TestJson.read(json, type);
        String written = TestJson.write(value);

        assertThat(TestJson.tree(written)).isEqualTo(TestJson.tree(json));
        assertThat(TestJson.read(written, type)).isEqualTo(value);
    }

    @Test
    void importResultsAddUpAndReadBack() {
        ImportResult total = new ImportResult(248, 2).plus(new ImportResult(1, 249));

        assertThat(total).isEqualTo(new ImportResult(249, 251));
        assertThat(TestJson.write(total)).isEqualTo("{\"imported\":249,\"skipped\":251}");
        assertThat(TestJson.read("{\"imported\":1,\"skipped\":0}", ImportResult.class)).isEqualTo(new ImportResult(1, 0));
    }

    @Test
    void readsEveryPresenceField() {
        Presence presence = TestJson.read(TestJson.fixture("presence-online.json"), Presence.class);

        assertThat(presence).isEqualTo(new Presence("alice@example.com", PresenceStatus.ONLINE, "In the office",
                Instant.parse("2026-03-01T09:30:00Z"), Instant.parse("2026-03-01T09:30:00.123Z"),
                Instant.parse("2026-03-01T09:40:00Z"), 600L, "center-1", 42));
    }

    @Test
    void omitsAbsentOptionalPresenceFields() {
        Presence offline = TestJson.read(TestJson.fixture("presence-offline.json"), Presence.class);

        assertThat(offline.message()).isNull();
        assertThat(offline.expiresAt()).isNull();
        assertThat(offline.ttlSeconds()).isNull();
        assertThat(TestJson.tree(TestJson.write(offline)).fieldNames())
                .toIterable().containsExactly("userId", "status", "lastSeen", "updatedAt", "nodeId", "revision");
    }

    @Test
    void writesTimestampsAsIso8601UtcStrings() {
        String json = TestJson.write(Samples.online());

        assertThat(TestJson.tree(json).get("lastSeen").asText()).isEqualTo("2026-03-01T09:30:00.123456Z");
        assertThat(TestJson.tree(json).get("status").asText()).isEqualTo("online");
    }

    @Test
    void readsMinimalUpdateWithOnlyStatus() {
        PresenceUpdate update = TestJson.read(TestJson.fixture("presence-update-minimal.json"), PresenceUpdate.class);

        assertThat(update).isEqualTo(PresenceUpdate.of(PresenceStatus.AWAY));
        assertThat(TestJson.write(update)).isEqualTo("{\"status\":\"away\"}");
    }

    @Test
    void readsNullOptionalUpdateFieldsAsAbsent() {
        PresenceUpdate update = TestJson.read("{\"status\":\"away\",\"message\":null,\"ttlSeconds\":null}",
                PresenceUpdate.class);

        assertThat(update).isEqualTo(PresenceUpdate.of(PresenceStatus.AWAY));
    }

    @Test
    void keepsBatchIdsInRequestOrder() {
        BatchRequest batch = TestJson.read(TestJson.fixture("batch-request.json"), BatchRequest.class);

        assertThat(batch.userIds()).containsExactly("alice@example.com", "bob", "team:ops.on-call_1");
    }

    @Test
    void readsPresenceListInOrder() {
        PresenceList list = TestJson.read(TestJson.fixture("presence-list.json"), PresenceList.class);

        assertThat(list.presences()).extracting(Presence::userId).containsExactly("alice@example.com", "bob");
        assertThat(list.notFound()).containsExactly("carol");
    }

    @Test
    void readsErrorDetails() {
        ErrorResponse error = TestJson.read(TestJson.fixture("error-response.json"), ErrorResponse.class);

        assertThat(error.code()).isEqualTo(ErrorCodes.VALIDATION_FAILED);
        assertThat(error.details()).containsExactly(
                new ErrorDetail("message", "must be at most 256 characters"),
                new ErrorDetail("ttlSeconds", "must be between 5 and 86400"));
    }

    @Test
    void errorWithoutDetailsHasEmptyDetailsList() {
        assertThat(ErrorResponse.of(ErrorCodes.NOT_FOUND, "No presence for user 'alice'").details()).isEmpty();
        assertThat(new ErrorResponse(ErrorCodes.INTERNAL, "boom", null).details()).isEmpty();
        assertThat(TestJson.read("{\"code\":\"unavailable\",\"message\":\"down\"}", ErrorResponse.class).details())
                .isEmpty();
        assertThat(TestJson.write(ErrorResponse.of(ErrorCodes.FORBIDDEN, "no")))
                .isEqualTo("{\"code\":\"forbidden\",\"message\":\"no\",\"details\":[]}");
    }

    @Test
    void rejectsUnknownStatusNamingTheStatusField() {
        String json = "{\"status\":\"sleeping\"}";

        assertThatThrownBy(() -> TestJson.MAPPER.readValue(json, PresenceUpdate.class))
                .isInstanceOfSatisfying(JsonMappingException.class, e -> {
                    assertThat(e.getPath()).last().extracting(JsonMappingException.Reference::getFieldName)
                            .isEqualTo("status");
                    assertThat(e.getMessage()).contains("sleeping", "online|away|busy|offline", "\"status\"");
                });
    }

    @Test
    void rejectsUppercaseStatus() {
        assertThatThrownBy(() -> TestJson.MAPPER.readValue("{\"status\":\"ONLINE\"}", PresenceUpdate.class))
                .isInstanceOf(JsonMappingException.class)
                .hasMessageContaining("status");
    }

    @Test
    void rejectsMalformedTimestampNamingTheField() {
        String json = TestJson.fixture("presence-offline.json").replace("\"2026-03-01T08:15:00Z\",\n  \"updatedAt\"",
                "\"yesterday\",\n  \"updatedAt\"");
        assertThat(json).contains("\"lastSeen\": \"yesterday\"");

        assertThatThrownBy(() -> TestJson.MAPPER.readValue(json, Presence.class))
                .isInstanceOfSatisfying(JsonMappingException.class, e -> {
                    assertThat(e.getPath()).last().extracting(JsonMappingException.Reference::getFieldName)
                            .isEqualTo("lastSeen");
                    assertThat(e.getMessage()).contains("yesterday", "\"lastSeen\"");
                });
    }

    @Test
    void rejectsUnknownFieldInUpdate() {
        String json = "{\"status\":\"online\",\"mood\":\"happy\"}";

        assertThatThrownBy(() -> TestJson.MAPPER.readValue(json, PresenceUpdate.class))
                .isInstanceOfSatisfying(UnrecognizedPropertyException.class,
                        e -> assertThat(e.getPropertyName()).isEqualTo("mood"));
    }

    @Test
    void batchKeepsNullIdsForValidationToReport() {
        BatchRequest batch = TestJson.read("{\"userIds\":[\"alice\",null]}", BatchRequest.class);

        assertThat(batch.userIds()).containsExactly("alice", null);
        assertThat(new BatchRequest(null).userIds()).isNull();
    }

    @Test
    void dtoListsAreImmutableCopies() {
        List<String> ids = new java.util.ArrayList<>(List.of("alice"));
        BatchRequest batch = new BatchRequest(ids);
        ids.add("bob");

        assertThat(batch.userIds()).containsExactly("alice");
        assertThatThrownBy(() -> batch.userIds().add("carol")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Samples.list().notFound().add("dave"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Samples.error().details().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
