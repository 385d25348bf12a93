package io.presence.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenApiSpecTest {

    private static final String BASE = "/api/v2/presence";

    @Test
    void specParsesWithoutMessages() {
        assertThat(OpenApiContract.PARSED.getMessages()).isEmpty();
        assertThat(OpenApiContract.API.getOpenapi()).isEqualTo("3.0.3");
    }

    @Test
    void declaresEveryOperationWithItsStatusCodes() {
        assertThat(statuses(path(BASE + "/{userId}").getGet()))
                .containsExactlyInAnyOrder("200", "304", "400", "401", "404", "405", "406", "412", "429", "431", "503");
        assertThat(statuses(path(BASE).getGet()))
                .containsExactlyInAnyOrder("200", "400", "401", "405", "406", "414", "422", "429", "431", "503");
        assertThat(statuses(path(BASE + "/batch").getPost())).containsExactlyInAnyOrder(
                "200", "400", "401", "405", "406", "408", "413", "415", "422", "429", "431", "503");
        assertThat(statuses(path(BASE + "/{userId}").getPut())).containsExactlyInAnyOrder(
                "200", "400", "401", "403", "404", "405", "406", "408", "412", "413", "415", "422", "429", "431", "503");
        assertThat(statuses(path(BASE + "/stream").getGet()))
                .containsExactlyInAnyOrder("200", "400", "401", "405", "406", "414", "422", "429", "431", "503");
        assertThat(statuses(path(BASE + "/{userId}").getDelete()))
                .containsExactlyInAnyOrder("200", "400", "401", "403", "404", "405", "406", "412", "429", "431", "503");
        assertThat(statuses(path(BASE + "/{userId}/sessions").getGet()))
                .containsExactlyInAnyOrder("200", "304", "400", "401", "403", "404", "405", "406", "412", "429", "431", "503");
        assertThat(statuses(path(BASE + "/{userId}/sessions/{sessionId}").getPut())).containsExactlyInAnyOrder(
                "200", "400", "401", "403", "404", "405", "406", "408", "412", "413", "415", "422", "429", "431", "503");
        assertThat(statuses(path(BASE + "/{userId}/sessions/{sessionId}").getDelete()))
                .containsExactlyInAnyOrder("200", "400", "401", "403", "404", "405", "406", "412", "429", "431", "503");
        assertThat(statuses(path(BASE + "/export").getGet()))
                .containsExactlyInAnyOrder("200", "401", "403", "405", "406", "429", "431", "503");
        assertThat(statuses(path(BASE + "/import").getPost())).containsExactlyInAnyOrder(
                "200", "400", "401", "403", "405", "406", "408", "413", "415", "422", "429", "431", "503");
    }

    @Test
    void backupsNeedABearerJwtAndSpeakJsonLines() {
        for (Operation backup : List.of(path(BASE + "/export").getGet(), path(BASE + "/import").getPost())) {
            assertThat(backup.getSecurity()).singleElement()
                    .satisfies(requirement -> assertThat(requirement).containsOnlyKeys("bearerAuth"));
            assertThat(response(backup, "401").getHeaders()).containsKey("WWW-Authenticate");
            assertThat(response(backup, "503").getHeaders()).containsKey("Retry-After");
        }
        assertThat(path(BASE + "/export").getGet().getResponses().get("200").getContent())
                .containsOnlyKeys(Backups.NDJSON);
        assertThat(path(BASE + "/import").getPost().getRequestBody().getContent()).containsOnlyKeys(Backups.NDJSON);
        assertThat(OpenApiContract.YAML).contains(Backups.ADMIN_SCOPE);
    }

    @Test
    void writesSessionsAndBackupsNeedABearerJwtReadsMay() {
        SecurityScheme bearer = OpenApiContract.API.getComponents().getSecuritySchemes().get("bearerAuth");
        assertThat(bearer.getType()).isEqualTo(SecurityScheme.Type.HTTP);
        assertThat(bearer.getScheme()).isEqualTo("bearer");
        assertThat(bearer.getBearerFormat()).isEqualTo("JWT");

        assertThat(OpenApiContract.API.getSecurity()).isNullOrEmpty();
        assertThat(path(BASE + "/{userId}").getPut().getSecurity())
                .singleElement().satisfies(requirement -> assertThat(requirement).containsOnlyKeys("bearerAuth"));
        assertThat(path(BASE + "/{userId}/sessions").getGet().getSecurity())
                .singleElement().satisfies(requirement -> assertThat(requirement).containsOnlyKeys("bearerAuth"));
        assertThat(path(BASE + "/{userId}").getGet().getSecurity()).hasSize(2);
    }

    @Test
    void documentsProtocolHeaders() {
        Operation put = path(BASE + "/{userId}").getPut();
        Operation get = path(BASE + "/{userId}").getGet();

        assertThat(response(put, "200").getHeaders()).containsKey("ETag");
        assertThat(response(get, "200").getHeaders()).containsKey("ETag");
        assertThat(response(get, "304").getHeaders()).containsKey("ETag");
        assertThat(response(put, "401").getHeaders()).containsKey("WWW-Authenticate");
        assertThat(response(put, "412").getHeaders()).containsKey("ETag");
        assertThat(response(put, "429").getHeaders()).containsKey("Retry-After");
        assertThat(response(put, "503").getHeaders()).containsKey("Retry-After");
        assertThat(response(get, "503").getHeaders()).containsKey("Retry-After");
        assertThat(put.getParameters()).extracting(p -> p.getName()).contains("If-Match");
        assertThat(get.getParameters()).extracting(p -> p.getName()).contains("If-None-Match");
        assertThat(path(BASE + "/stream").getGet().getParameters()).extracting(p -> p.getName())
                .contains("users", "Last-Event-ID", "lastEventId");
        assertThat(path(BASE + "/stream").getGet().getResponses().get("200").getContent())
                .containsOnlyKeys("text/event-stream");
    }

    @Test
    void everyErrorResponseUsesTheErrorShape() {
        OpenApiContract.API.getPaths().forEach((name, item) -> item.readOperations().forEach(op ->
                op.getResponses().forEach((status, response) -> {
                    if (status.startsWith("4") || status.startsWith("5")) {
                        assertThat(jsonSchemaRef(response)).as("%s %s", name, status)
                                .isEqualTo("#/components/schemas/ErrorResponse");
                    }
                })));
    }

    @Test
    void limitsMatchPresenceLimits() {
        Schema<?> userId = OpenApiContract.schema("UserId");
        assertThat(userId.getPattern()).isEqualTo("^" + PresenceLimits.USER_ID_REGEX + "$");
        assertThat(userId.getMaxLength()).isEqualTo(PresenceLimits.MAX_USER_ID_LENGTH);
        assertThat(userId.getMinLength()).isEqualTo(1);

        Schema<?> message = property("PresenceUpdate", "message");
        assertThat(message.getMaxLength()).isEqualTo(PresenceLimits.MAX_MESSAGE_LENGTH);
        assertThat(property("Presence", "message").getMaxLength()).isEqualTo(PresenceLimits.MAX_MESSAGE_LENGTH);

        Schema<?> userIds = property("BatchRequest", "userIds");
        assertThat(userIds.getMinItems()).isEqualTo(1);
        assertThat(userIds.getMaxItems()).isEqualTo(PresenceLimits.MAX_BATCH_SIZE);
        assertThat(((ArraySchema) OpenApiContract.API.getPaths().get(BASE).getGet().getParameters().get(0)
                .getSchema()).getMaxItems()).isEqualTo(PresenceLimits.MAX_BATCH_SIZE);
        assertThat(OpenApiContract.YAML).contains("64 KiB", Integer.toString(PresenceLimits.MAX_BODY_BYTES));

        for (String schema : new String[] {"PresenceUpdate", "Presence"}) {
            Schema<?> ttl = property(schema, "ttlSeconds");
            assertThat(ttl.getMinimum()).as("%s.ttlSeconds minimum", schema)
                    .isEqualByComparingTo(Integer.toString(PresenceLimits.MIN_TTL_SECONDS));
            assertThat(ttl.getMaximum()).as("%s.ttlSeconds maximum", schema)
                    .isEqualByComparingTo(Integer.toString(PresenceLimits.MAX_TTL_SECONDS));
        }
        for (String path : new String[] {BASE, BASE + "/stream"}) {
            ArraySchema users = (ArraySchema) usersParameter(path).getSchema();
            assertThat(users.getMinItems()).as("%s users minItems", path).isEqualTo(1);
            assertThat(users.getMaxItems()).as("%s users maxItems", path).isEqualTo(PresenceLimits.MAX_BATCH_SIZE);
            assertThat(users.getItems().get$ref()).isEqualTo("#/components/schemas/UserId");
        }
    }

    /** A request body over the limit is a 413 on every operation that takes one, and the 413 names the limit. */
    @Test
    void everyRequestBodyIsLimitedToMaxBodyBytes() {
        ApiResponse payloadTooLarge = OpenApiContract.API.getComponents().getResponses().get("PayloadTooLarge");
        assertThat(payloadTooLarge.getDescription()).contains(Integer.toString(PresenceLimits.MAX_BODY_BYTES));

        List<Operation> withBodies = new java.util.ArrayList<>();
        OpenApiContract.API.getPaths().values().forEach(item -> item.readOperations().stream()
                .filter(op -> op.getRequestBody() != null).forEach(withBodies::add));
        assertThat(withBodies).extracting(Operation::getOperationId)
                .containsExactlyInAnyOrder("putPresence", "putSession", "getPresencesBatch", "importPresence");
        assertThat(withBodies).allSatisfy(op -> assertThat(op.getResponses().get("413").get$ref())
                .isEqualTo("#/components/responses/PayloadTooLarge"));
    }

    /** The limits stated in words at the top of the document are the ones the schemas declare. */
    @Test
    void theLimitsInWordsAreTheDeclaredOnes() {
        assertThat(OpenApiContract.API.getInfo().getDescription()).contains(
                "user id 1-" + PresenceLimits.MAX_USER_ID_LENGTH + " characters",
                "message at most " + PresenceLimits.MAX_MESSAGE_LENGTH + " characters",
                "at most " + PresenceLimits.MAX_BATCH_SIZE + " user ids",
                "(" + PresenceLimits.MAX_BODY_BYTES + " bytes)",
                "`ttlSeconds` " + PresenceLimits.MIN_TTL_SECONDS + " to " + PresenceLimits.MAX_TTL_SECONDS);
    }

    /**
     * Reads need no token unless the node sets {@code auth.publicReads: false}: each says so with an empty
     * requirement beside the bearer one, which linters and generators understand, and documents the 401. The
     * writes, a user's session list and the admin's backup endpoints are the operations that need one.
     */
    @Test
    void everyReadDeclaresThatItIsPublicUnlessTheNodeSaysOtherwise() {
        Set<String> needToken = Set.of("putPresence", "putSession", "endSession", "endAllSessions", "getSessions",
                "exportPresence", "importPresence");
        OpenApiContract.API.getPaths().forEach((name, item) -> item.readOperationsMap().forEach((method, op) -> {
            if (!needToken.contains(op.getOperationId())) {
                assertThat(op.getSecurity()).as("security of %s %s", method, name).hasSize(2)
                        .anySatisfy(requirement -> assertThat(requirement).isEmpty())
                        .anySatisfy(requirement -> assertThat(requirement).containsOnlyKeys("bearerAuth"));
                assertThat(op.getResponses().get("401").get$ref()).as("401 of %s %s", method, name)
                        .isEqualTo("#/components/responses/ReadUnauthorized");
            }
        }));
    }

    @Test
    void statusEnumMatchesPresenceStatus() {
        assertThat(OpenApiContract.schema("PresenceStatus").getEnum()).map(String::valueOf)
                .containsExactlyElementsOf(Arrays.stream(PresenceStatus.values()).map(PresenceStatus::wireName)
                        .toList());
    }

    @Test
    void visibilityEnumsMatchVisibility() {
        List<String> wire = Arrays.stream(Visibility.values()).map(Visibility::wireName).toList();
        assertThat(OpenApiContract.schema("Visibility").getEnum()).map(String::valueOf).containsExactlyElementsOf(wire);
        assertThat(((io.swagger.v3.oas.models.media.Schema<?>) OpenApiContract.schema("PresenceUpdate").getProperties()
                .get("visibility")).getEnum()).map(String::valueOf).containsExactlyElementsOf(wire);
    }

    @Test
    void errorCodeEnumMatchesErrorCodes() throws IllegalAccessException {
        List<String> codes = new java.util.ArrayList<>();
        for (Field field : ErrorCodes.class.getDeclaredFields()) {
            if (Modifier.isPublic(field.getModifiers()) && Modifier.isStatic(field.getModifiers())) {
                codes.add((String) field.get(null));
            }
        }

        assertThat(property("ErrorResponse", "code").getEnum()).map(String::valueOf)
                .containsExactlyInAnyOrderElementsOf(codes);
    }

    @Test
    void everyObjectSchemaIsClosedAndHasAnExample() {
        Map<String, Schema> schemas = OpenApiContract.API.getComponents().getSchemas();
        assertThat(schemas).isNotEmpty();
        schemas.forEach((name, schema) -> {
            assertThat(schema.getExample()).as("example of %s", name).isNotNull();
            assertThat(schema.getDescription()).as("description of %s", name).isNotBlank();
            if ("object".equals(schema.getType())) {
                assertThat(schema.getAdditionalProperties()).as("additionalProperties of %s", name)
                        .isEqualTo(Boolean.FALSE);
            }
        });
    }

    @Test
    void everyOperationIsDocumented() {
        OpenApiContract.API.getPaths().forEach((name, item) -> item.readOperations().forEach(op -> {
            assertThat(op.getOperationId()).as("operationId of %s", name).isNotBlank();
            assertThat(op.getSummary()).as("summary of %s", name).isNotBlank();
            assertThat(op.getDescription()).as("description of %s", name).isNotBlank();
        }));
    }

    private static io.swagger.v3.oas.models.parameters.Parameter usersParameter(String path) {
        return path(path).getGet().getParameters().stream().filter(p -> "users".equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no users parameter on GET " + path));
    }

    private static PathItem path(String name) {
        PathItem item = OpenApiContract.API.getPaths().get(name);
        assertThat(item).as("path %s", name).isNotNull();
        return item;
    }

    private static List<String> statuses(Operation operation) {
        return List.copyOf(operation.getResponses().keySet());
    }

    private static Schema<?> property(String schema, String property) {
        Schema<?> found = (Schema<?>) OpenApiContract.schema(schema).getProperties().get(property);
        if (found.get$ref() != null) {
            return OpenApiContract.schema(found.get$ref().substring(found.get$ref().lastIndexOf('/') + 1));
        }
        return found;
    }

    private static ApiResponse response(Operation operation, String status) {
        return resolve(operation.getResponses().get(status));
    }

    private static ApiResponse resolve(ApiResponse response) {
        if (response.get$ref() == null) {
            return response;
        }
        String name = response.get$ref().substring(response.get$ref().lastIndexOf('/') + 1);
        return OpenApiContract.API.getComponents().getResponses().get(name);
    }

    private static String jsonSchemaRef(ApiResponse response) {
        return resolve(response).getContent().get("application/json").getSchema().get$ref();
    }
}
