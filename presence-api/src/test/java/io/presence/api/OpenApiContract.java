package io.presence.api;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.ValidationReport;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.stream.Collectors;

/** The contract under test, {@code openapi.yaml} from the module's main resources, parsed once. */
final class OpenApiContract {

    static final String YAML = TestJson.resource("/openapi.yaml");

    static final SwaggerParseResult PARSED = parse();

    static final OpenAPI API = PARSED.getOpenAPI();

    static final OpenApiInteractionValidator VALIDATOR =
            OpenApiInteractionValidator.createForInlineApiSpecification(YAML).build();

    private OpenApiContract() {
    }

    private static SwaggerParseResult parse() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        return new OpenAPIV3Parser().readContents(YAML, null, options);
    }

    /** A component schema by name; fails if the spec has none. */
    static Schema<?> schema(String name) {
        Schema<?> schema = API.getComponents().getSchemas().get(name);
        if (schema == null) {
            throw new AssertionError("openapi.yaml has no schema " + name);
        }
        return schema;
    }

    /** A readable list of a report's messages, for assertion failures. */
    static String describe(ValidationReport report) {
        return report.getMessages().stream()
                .map(m -> m.getLevel() + " " + m.getKey() + ": " + m.getMessage())
                .collect(Collectors.joining("\n"));
    }
}
