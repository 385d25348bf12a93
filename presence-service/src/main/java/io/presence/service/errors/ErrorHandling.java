package io.presence.service.errors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.presence.api.PresenceLimits;
import io.presence.service.json.StrictUtf8;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The one place that makes every HTTP error the {@code ErrorResponse} JSON shape.
 *
 * <p>Usage, in the {@code Application}:
 * <pre>{@code
 * public void initialize(Bootstrap<C> bootstrap) {
 *     ErrorHandling.configureObjectMapper(bootstrap.getObjectMapper());
 * }
 * public void run(C configuration, Environment environment) {
 *     ErrorHandling.install(configuration, environment, PresenceLimits.MAX_BODY_BYTES, ApiMethods::allowFor);
 *     ...
 * }
 * }</pre>
 * {@link #install} must run inside {@code run()}: the server is built after {@code run()} returns,
 * which is when Dropwizard decides whether to add its own exception mappers (turned off here, the
 * same as {@code server.registerDefaultExceptionMappers: false} in the YAML).
 */
public final class ErrorHandling {

    /** Deepest accepted JSON nesting; the API's bodies need three levels. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Longest accepted JSON number, in characters. */
    public static final int MAX_NUMBER_LENGTH = 64;

    private ErrorHandling() {
    }

    /**
     * Makes {@code mapper} strict for request bodies: unknown fields, duplicate keys, trailing garbage,
     * numbers for enums, floats for integers, strings for other scalars and the reverse, and nulls for
     * primitives are errors; nesting, string and number lengths are bounded. Call it from {@code initialize(bootstrap)} with
     * {@code bootstrap.getObjectMapper()}; {@link #install} calls it again, which is harmless.
     */
    public static ObjectMapper configureObjectMapper(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        // "60" is not a number, nor "true" a boolean, nor 123 a message or user id.
        scalarCoercions(mapper, CoercionAction.Fail);
        // {"status":"online","status":"busy"} is ambiguous: refuse it rather than let the last one win.
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // Overlong UTF-8 ("\xC0\xAE" for ".") would otherwise decode, so two byte strings could be one id.
        mapper.getFactory().setInputDecorator(new StrictUtf8());
        // Error messages carry line and column, never a copy of the request.
        mapper.getFactory().disable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION);
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(PresenceLimits.MAX_BODY_BYTES)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .build());
        return mapper;
    }

    /**
     * Sets what {@code mapper} does with a JSON scalar of the other kind: a string where a number or
     * boolean is expected, and a number or boolean where a string is.
     */
    public static void scalarCoercions(ObjectMapper mapper, CoercionAction action) {
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, action);
        }
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer,
                CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, action);
        }
    }

    /**
     * Registers the exception mappers, the request body limit and the JSON Jetty error handler, and
     * turns Dropwizard's default exception mappers off. Call from {@code Application.run()}.
     *
     * @param maxBodyBytes largest accepted request body, e.g. {@link PresenceLimits#MAX_BODY_BYTES}
     * @param allowedMethods the {@code Allow} header for an application path (path within the context), for
     *                       the 405s written outside Jersey; empty for paths the application does not serve
     */
    public static void install(Configuration configuration, Environment environment, long maxBodyBytes,
                               Function<String, Optional<String>> allowedMethods) {
        disableDefaultExceptionMappers(configuration.getServerFactory());
        configureObjectMapper(environment.getObjectMapper());
        registerMappers(environment.jersey());
        environment.jersey().register(new RequestBodyLimitFilter(maxBodyBytes));
        environment.jersey().register(new UnreadBodyDrainFilter(maxBodyBytes));
        installErrorHandler(environment, new JsonErrorHandler(allowedMethods), new JsonErrorHandler());
    }

    /**
     * Dropwizard's defaults answer {@code {"code":..,"message":..}} or HTML and would win over ours
     * for the types they map exactly (e.g. {@code JerseyViolationException}).
     */
    static void disableDefaultExceptionMappers(ServerFactory serverFactory) {
        if (serverFactory instanceof AbstractServerFactory factory) {
            factory.setRegisterDefaultExceptionMappers(false);
        }
    }

    static void registerMappers(JerseyEnvironment jersey) {
        jersey.register(new StoreUnavailableExceptionMapper());
        jersey.register(new StoreConflictExceptionMapper());
        jersey.register(new PresenceNotFoundExceptionMapper());
        jersey.register(new WriteForbiddenExceptionMapper());
        jersey.register(new InvalidInputExceptionMapper());
        jersey.register(new WebApplicationExceptionMapper());
        jersey.register(new JsonExceptionMapper());
        jersey.register(new ConstraintViolationExceptionMapper());
        jersey.register(new RequestReadExceptionMapper());
        jersey.register(new FallbackExceptionMapper());
        jersey.register(new ErrorResponseFilter());
    }

    /**
     * Contexts first (servlet {@code sendError}), then the server (parser and URI errors), which
     * Dropwizard creates only after {@code run()}: set it as the server starts. Only the application's
     * handler knows its paths' methods.
     */
    static void installErrorHandler(Environment environment, JsonErrorHandler application, JsonErrorHandler handler) {
        environment.getApplicationContext().setErrorHandler(application);
        environment.getAdminContext().setErrorHandler(handler);
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                    server.setErrorHandler(handler);
                }
            }
        });
    }
}
