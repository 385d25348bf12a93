package io.presence.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards against the DTOs and {@code openapi.yaml} drifting apart: what the Java types serialize to
 * must validate against the contract, and the contract must name exactly the DTOs' fields.
 */
class ContractDriftTest {

    private static final String ONE = "/api/v2/presence/alice@example.com";
    private static final SchemaValidator SCHEMAS =
            new SchemaValidator(OpenApiContract.API, new MessageResolver());

    static Stream<Arguments> dtoSchemas() {
        return Stream.of(
                Arguments.of("Presence", Presence.class),
                Arguments.of("PresenceUpdate", PresenceUpdate.class),
                Arguments.of("BatchRequest", BatchRequest.class),
                Arguments.of("PresenceList", PresenceList.class),
                Arguments.of("PresenceSession", PresenceSession.class),
                Arguments.of("SessionList", SessionList.class),
                Arguments.of("ImportResult", ImportResult.class),
                Arguments.of("ErrorResponse", ErrorResponse.class),
                Arguments.of("ErrorDetail", ErrorDetail.class));
    }

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of("Presence", Samples.online()),
                Arguments.of("Presence", Samples.offline()),
                Arguments.of("PresenceUpdate", Samples.update()),
                Arguments.of("PresenceUpdate", PresenceUpdate.of(PresenceStatus.OFFLINE)),
                Arguments.of("PresenceUpdate", new PresenceUpdate(PresenceStatus.ONLINE, null, 60L,
                        Visibility.INVISIBLE, false)),
                Arguments.of("Presence", new Presence("alice", PresenceStatus.BUSY, null, null, Samples.NOW, null, null,
                        "center-1", 3, 2, Visibility.INVISIBLE, false)),
                Arguments.of("SessionList", new SessionList("alice", java.util.List.of(new PresenceSession("phone",
                        PresenceStatus.BUSY, "On a call", Samples.NOW, Samples.NOW, Samples.NOW.plusSeconds(60), 60L,
                        "center-1")), 3)),
                Arguments.of("SessionList", new SessionList("alice", java.util.List.of(new PresenceSession("phone",
                        PresenceStatus.BUSY, "On a call", Samples.NOW, Samples.NOW, Samples.NOW.minusSeconds(300),
                        Samples.NOW.plusSeconds(60), 60L, "center-1")), 3)),
                Arguments.of("BatchRequest", Samples.batch()),
                Arguments.of("PresenceList", Samples.list()),
                Arguments.of("PresenceList", new PresenceList(java.util.List.of(), java.util.List.of("x"))),
                Arguments.of("ImportResult", Samples.importResult()),
                Arguments.of("ImportResult", new ImportResult(0, 0)),
                Arguments.of("ErrorResponse", Samples.error()),
                Arguments.of("ErrorResponse", ErrorResponse.of(ErrorCodes.NOT_FOUND, "No presence for user 'x'")),
                Arguments.of("ErrorDetail", new ErrorDetail("users", "at most 1000 user ids")));
    }

    @ParameterizedTest(name = "{0} has the fields of {1}")
    @MethodSource("dtoSchemas")
    void schemaPropertiesAreTheRecordComponents(String schema, Class<? extends Record> type) {
        Set<String> components = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toSet());

        assertThat(OpenApiContract.schema(schema).getProperties().keySet())
                .containsExactlyInAnyOrderElementsOf(components);
    }

    @ParameterizedTest(name = "{0} required fields are the non-null components of {1}")
    @MethodSource("dtoSchemas")
    void requiredPropertiesAreTheNotNullComponents(String schema, Class<? extends Record> type) {
        Set<String> notNull = Arrays.stream(type.getRecordComponents())
                .filter(c -> c.getType().isPrimitive() || isNotNull(type, c))
                .map(RecordComponent::getName)
                .collect(Collectors.toSet());

        assertThat(OpenApiContract.schema(schema).getRequired()).containsExactlyInAnyOrderElementsOf(notNull);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("samples")
    void serializedSampleValidatesAgainstItsSchema(String schema, Object sample) {
        ValidationReport report = validate(TestJson.write(sample), schema);

        assertThat(report.hasErrors()).as(OpenApiContract.describe(report)).isFalse();
    }

    @ParameterizedTest(name = "example of {0}")
    @MethodSource("dtoSchemas")
    void schemaExampleValidatesAndBindsToTheDto(String schema, Class<?> type) {
        String example = TestJson.write(OpenApiContract.schema(schema).getExample());

        ValidationReport report = validate(example, schema);

        assertThat(report.hasErrors()).as(OpenApiContract.describe(report)).isFalse();
        assertThat(TestJson.write(TestJson.read(example, type))).isEqualTo(TestJson.write(TestJson.tree(example)));
    }

    @Test
    void presenceResponsesMatchTheGetAndPutOperations() {
        for (Presence presence : new Presence[] {Samples.online(), Samples.offline()}) {
            SimpleResponse response = json(200, presence).withHeader("ETag", "\"" + presence.revision() + "\"").build();

            assertValid(OpenApiContract.VALIDATOR.validateResponse(ONE, Request.Method.GET, response));
            assertValid(OpenApiContract.VALIDATOR.validateResponse(ONE, Request.Method.PUT, response));
        }
    }

    @Test
    void listResponsesMatchTheMultiGetAndBatchOperations() {
        SimpleResponse response = json(200, Samples.list()).build();

        assertValid(OpenApiContract.VALIDATOR.validateResponse("/api/v2/presence", Request.Method.GET, response));
        assertValid(OpenApiContract.VALIDATOR.validateResponse("/api/v2/presence/batch", Request.Method.POST,
                response));
    }

    @Test
    void backupResponsesMatchTheExportAndImportOperations() {
        String lines = TestJson.write(Samples.online()) + "\n" + TestJson.write(Samples.offline()) + "\n";
        SimpleResponse export = new SimpleResponse.Builder(200).withContentType(Backups.NDJSON).withBody(lines).build();

        assertValid(OpenApiContract.VALIDATOR.validateResponse("/api/v2/presence/export", Request.Method.GET, export));
        assertValid(OpenApiContract.VALIDATOR.validateResponse("/api/v2/presence/import", Request.Method.POST,
                json(200, Samples.importResult()).build()));
        assertInvalid(OpenApiContract.VALIDATOR.validateResponse("/api/v2/presence/import", Request.Method.POST,
                json(200, Samples.online()).build()), "additionalProperties");
    }

    @Test
    void importTakesJsonLinesWithAnAdminToken() {
        String lines = TestJson.write(Samples.online()) + "\n";
        SimpleRequest.Builder request = SimpleRequest.Builder.post("/api/v2/presence/import")
                .withContentType(Backups.NDJSON).withBody(lines);

        assertValid(OpenApiContract.VALIDATOR.validateRequest(
                request.withAuthorization("Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln").build()));
        assertInvalid(OpenApiContract.VALIDATOR.validateRequest(SimpleRequest.Builder.post("/api/v2/presence/import")
                .withContentType(Backups.NDJSON).withBody(lines).build()), "security.missing");
    }

    @Test
    void errorResponsesMatchEveryDocumentedErrorStatus() {
        OpenApiContract.API.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) ->
                op.getResponses().keySet().stream().filter(s -> s.startsWith("4") || s.startsWith("5"))
                        .forEach(status -> {
                            SimpleResponse response = json(Integer.parseInt(status), Samples.error()).build();
                            String concrete = path.replace("{userId}", "alice");
                            assertValid(OpenApiContract.VALIDATOR.validateResponse(concrete,
                                    Request.Method.valueOf(method.name()), response));
                        })));
    }

    @Test
    void requestBodiesMatchThePutAndBatchOperations() {
        assertValid(OpenApiContract.VALIDATOR.validateRequest(put(TestJson.write(Samples.update()))));
        assertValid(OpenApiContract.VALIDATOR.validateRequest(
                put(TestJson.write(PresenceUpdate.of(PresenceStatus.AWAY)))));
        assertValid(OpenApiContract.VALIDATOR.validateRequest(batch(TestJson.write(Samples.batch()))));
    }

    @Test
    void multiGetAcceptsUpTo1000ValidIds() {
        String thousand = IntStream.range(0, 1000).mapToObj(i -> "u" + i).collect(Collectors.joining(","));

        assertValid(OpenApiContract.VALIDATOR.validateRequest(multiGet("alice,bob@example.com,team:ops")));
        assertValid(OpenApiContract.VALIDATOR.validateRequest(multiGet(thousand)));
        assertInvalid(OpenApiContract.VALIDATOR.validateRequest(multiGet(thousand + ",u1000")), "tooManyItems");
        assertInvalid(OpenApiContract.VALIDATOR.validateRequest(multiGet("alice,bob smith")), "pattern");
        assertInvalid(OpenApiContract.VALIDATOR.validateRequest(
                SimpleRequest.Builder.get("/api/v2/presence").build()), "query.missing");
    }

    @Test
    void putWithoutBearerTokenBreaksTheContract() {
        SimpleRequest anonymous = SimpleRequest.Builder.put(ONE).withContentType("application/json")
                .withBody(TestJson.write(Samples.update())).build();

        assertInvalid(OpenApiContract.VALIDATOR.validateRequest(anonymous), "security.missing");
    }

    @Test
    void extraFieldInAResponseFailsValidation() {
        ObjectNode presence = (ObjectNode) TestJson.tree(TestJson.write(Samples.online()));
        presence.put("mood", "happy");

        assertInvalid(validate(presence.toString(), "Presence"), "additionalProperties");
        assertInvalid(OpenApiContract.VALIDATOR.validateResponse(ONE, Request.Method.GET,
                SimpleResponse.Builder.ok().withContentType("application/json").withBody(presence.toString())
                        .withHeader("ETag", "\"42\"").build()), "additionalProperties");
    }

    @Test
    void renamedFieldInAResponseFailsValidation() {
        ObjectNode presence = (ObjectNode) TestJson.tree(TestJson.write(Samples.online()));
        presence.set("state", presence.remove("status"));

        assertInvalid(validate(presence.toString(), "Presence"), "additionalProperties");
        assertInvalid(validate(presence.toString(), "Presence"), "required");
    }

    @Test
    void renamedOptionalFieldInAResponseFailsValidation() {
        ObjectNode presence = (ObjectNode) TestJson.tree(TestJson.write(Samples.online()));
        presence.set("ttl", presence.remove("ttlSeconds"));

        assertInvalid(validate(presence.toString(), "Presence"), "additionalProperties");
    }

    @Test
    void renamedFieldInsideAListFailsValidation() {
        ObjectNode list = (ObjectNode) TestJson.tree(TestJson.write(Samples.list()));
        ObjectNode first = (ObjectNode) list.withArray("presences").get(0);
        first.set("last_seen", first.remove("lastSeen"));

        assertInvalid(validate(list.toString(), "PresenceList"), "additionalProperties");
    }

    @Test
    void renamedFieldInAnErrorFailsValidation() {
        ObjectNode error = (ObjectNode) TestJson.tree(TestJson.write(Samples.error()));
        error.set("errors", error.remove("details"));
        ObjectNode detail = (ObjectNode) TestJson.tree(TestJson.write(Samples.error()));
        ((ObjectNode) ((ArrayNode) detail.get("details")).get(0)).put("path", "status");

        assertInvalid(validate(error.toString(), "ErrorResponse"), "additionalProperties");
        assertInvalid(validate(detail.toString(), "ErrorResponse"), "additionalProperties");
    }

    @Test
    void undocumentedErrorCodeFailsValidation() {
        assertInvalid(validate("{\"code\":\"oops\",\"message\":\"m\",\"details\":[]}", "ErrorResponse"), "enum");
    }

    @Test
    void requestsBreakingTheContractFailValidation() {
        assertInvalid(OpenApiContract.VALIDATOR.validateRequest(put("{\"status\":\"online\",\"mood\":\"happy\"}")),
                "additionalProperties");
        assertInvalid(OpenApiContract.VALIDATOR.validateRequest(put("{\"status\":\"sleeping\"}")), "enum");
        assertInvalid(OpenApiContract.VALIDATOR.validateRequest(put("{\"message\":\"no status\"}")), "required");
        assertInvalid(OpenApiContract.VALIDATOR.validateRequest(
                put(TestJson.write(new PresenceUpdate(PresenceStatus.ONLINE, "m".repeat(257), null)))), "maxLength");
        assertInvalid(OpenApiContract.VALIDATOR.validateRequest(
                put(TestJson.write(new PresenceUpdate(PresenceStatus.ONLINE, "two\nlines", null)))), "pattern");
        assertInvalid(OpenApiContract.VALIDATOR.validateRequest(
                put(TestJson.write(new PresenceUpdate(PresenceStatus.ONLINE, "c1\u0085", null)))), "pattern");
        assertInvalid(OpenApiContract.VALIDATOR.validateRequest(
                put(TestJson.write(new PresenceUpdate(PresenceStatus.ONLINE, null, 0L)))), "minimum");
        assertInvalid(OpenApiContract.VALIDATOR.validateRequest(batch("{\"userIds\":[]}")), "minItems");
        assertInvalid(OpenApiContract.VALIDATOR.validateRequest(batch("{\"userIds\":[\"a/b\"]}")), "pattern");
        assertInvalid(OpenApiContract.VALIDATOR.validateRequest(batch("{\"ids\":[\"alice\"]}")),
                "additionalProperties");
    }

    @Test
    void ttlSecondsFrom1To86400IsValidAndNothingElse() {
        for (long ttl : new long[] {1, 600, PresenceLimits.MAX_TTL_SECONDS}) {
            assertValid(OpenApiContract.VALIDATOR.validateRequest(
                    put(TestJson.write(new PresenceUpdate(PresenceStatus.ONLINE, null, ttl)))));
        }
        assertInvalid(OpenApiContract.VALIDATOR.validateRequest(
                put(TestJson.write(new PresenceUpdate(PresenceStatus.ONLINE, null, 86_401L)))), "maximum");
        assertInvalid(validate("{\"userId\":\"a\",\"status\":\"online\",\"lastSeen\":\"2026-03-01T09:30:00Z\","
                + "\"updatedAt\":\"2026-03-01T09:30:00Z\",\"ttlSeconds\":86401,\"nodeId\":\"n\",\"revision\":1}",
                "Presence"), "maximum");
    }

    @Test
    void streamFollowsUpTo1000ValidIds() {
        String thousand = IntStream.range(0, 1000).mapToObj(i -> "u" + i).collect(Collectors.joining(","));

        assertValid(OpenApiContract.VALIDATOR.validateRequest(stream(thousand)));
        assertInvalid(OpenApiContract.VALIDATOR.validateRequest(stream(thousand + ",u1000")), "tooManyItems");
        assertInvalid(OpenApiContract.VALIDATOR.validateRequest(stream("alice,bob smith")), "pattern");
        assertInvalid(OpenApiContract.VALIDATOR.validateRequest(stream("a".repeat(129))), "maxLength");
    }

    static Stream<Arguments> dtoLimits() {
        return Stream.of(
                Arguments.of(PresenceUpdate.class, "message", "maxLength", PresenceLimits.MAX_MESSAGE_LENGTH),
                Arguments.of(PresenceUpdate.class, "ttlSeconds", "minimum", PresenceLimits.MIN_TTL_SECONDS),
                Arguments.of(PresenceUpdate.class, "ttlSeconds", "maximum", PresenceLimits.MAX_TTL_SECONDS),
                Arguments.of(Presence.class, "message", "maxLength", PresenceLimits.MAX_MESSAGE_LENGTH),
                Arguments.of(Presence.class, "ttlSeconds", "minimum", PresenceLimits.MIN_TTL_SECONDS),
                Arguments.of(Presence.class, "ttlSeconds", "maximum", PresenceLimits.MAX_TTL_SECONDS),
                Arguments.of(Presence.class, "revision", "minimum", 1),
                Arguments.of(BatchRequest.class, "userIds", "minItems", 1),
                Arguments.of(BatchRequest.class, "userIds", "maxItems", PresenceLimits.MAX_BATCH_SIZE));
    }

    /**
     * Each limit the contract declares on a DTO's property is the one the DTO's Bean Validation constraint
     * enforces, and both are the {@link PresenceLimits} constant: a limit changed in one place only fails here.
     */
    @ParameterizedTest(name = "{0}.{1} {2} = {3}")
    @MethodSource("dtoLimits")
    void everyDeclaredLimitIsTheDtosConstraint(Class<? extends Record> type, String property, String keyword,
                                               int limit) throws NoSuchFieldException {
        io.swagger.v3.oas.models.media.Schema<?> schema = (io.swagger.v3.oas.models.media.Schema<?>)
                OpenApiContract.schema(type.getSimpleName()).getProperties().get(property);
        java.lang.reflect.Field field = type.getDeclaredField(property);

        Number declared = switch (keyword) {
            case "maxLength" -> schema.getMaxLength();
            case "minimum" -> schema.getMinimum();
            case "maximum" -> schema.getMaximum();
            case "minItems" -> schema.getMinItems();
            case "maxItems" -> schema.getMaxItems();
            default -> throw new IllegalArgumentException(keyword);
        };
        long enforced = switch (keyword) {
            case "maxLength" -> field.getAnnotation(MaxCodePoints.class).value();
            case "minimum" -> field.getAnnotation(jakarta.validation.constraints.Min.class).value();
            case "maximum" -> field.getAnnotation(jakarta.validation.constraints.Max.class).value();
            case "minItems" -> field.isAnnotationPresent(jakarta.validation.constraints.NotEmpty.class) ? 1 : 0;
            case "maxItems" -> field.getAnnotation(jakarta.validation.constraints.Size.class).max();
            default -> throw new IllegalArgumentException(keyword);
        };
        assertThat(declared).as("openapi.yaml %s.%s %s", type.getSimpleName(), property, keyword).isNotNull();
        assertThat(declared.longValue()).isEqualTo(limit);
        assertThat(enforced).as("the DTO's constraint").isEqualTo(limit);
    }

    @Test
    void messageOfExactly256CharactersIsValid() {
        assertValid(OpenApiContract.VALIDATOR.validateRequest(
                put(TestJson.write(new PresenceUpdate(PresenceStatus.ONLINE, "ü".repeat(256), 60L)))));
    }

    private static boolean isNotNull(Class<?> type, RecordComponent component) {
        try {
            java.lang.reflect.Field field = type.getDeclaredField(component.getName());
            // @NotEmpty forbids null as well.
            return field.isAnnotationPresent(jakarta.validation.constraints.NotNull.class)
                    || field.isAnnotationPresent(jakarta.validation.constraints.NotEmpty.class);
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }

    private static ValidationReport validate(String json, String schema) {
        return SCHEMAS.validate(json, OpenApiContract.schema(schema), "schema." + schema);
    }

    private static SimpleResponse.Builder json(int status, Object body) {
        return new SimpleResponse.Builder(status).withContentType("application/json").withBody(TestJson.write(body));
    }

    private static SimpleRequest put(String body) {
        return SimpleRequest.Builder.put(ONE).withContentType("application/json").withBody(body)
                .withAuthorization("Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln").build();
    }

    private static SimpleRequest batch(String body) {
        return SimpleRequest.Builder.post("/api/v2/presence/batch").withContentType("application/json")
                .withBody(body).build();
    }

    private static SimpleRequest stream(String users) {
        return SimpleRequest.Builder.get("/api/v2/presence/stream").withQueryParam("users", users).build();
    }

    private static SimpleRequest multiGet(String users) {
        return SimpleRequest.Builder.get("/api/v2/presence").withQueryParam("users", users).build();
    }

    private static void assertValid(ValidationReport report) {
        assertThat(report.hasErrors()).as(OpenApiContract.describe(report)).isFalse();
    }

    /** The report has an error whose key ends with {@code rule}, e.g. {@code additionalProperties}. */
    private static void assertInvalid(ValidationReport report, String rule) {
        assertThat(report.getMessages())
                .as("expected a %s error, got:%n%s", rule, OpenApiContract.describe(report))
                .anySatisfy(m -> {
                    assertThat(m.getLevel()).isEqualTo(ValidationReport.Level.ERROR);
                    assertThat(m.getKey()).endsWith(rule);
                });
    }
}
