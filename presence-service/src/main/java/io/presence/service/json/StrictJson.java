package io.presence.service.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import io.presence.api.PresenceLimits;
import java.io.IOException;
import java.time.Instant;

/** How request bodies are read: strictly, so that one body can only mean one thing. */
public final class StrictJson {

    /** Deepest accepted JSON nesting; the API's bodies need three levels. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Longest accepted JSON number, in characters. */
    public static final int MAX_NUMBER_LENGTH = 64;

    private StrictJson() {
    }

    /**
     * Makes {@code mapper} strict for request bodies: unknown fields, duplicate keys, trailing garbage,
     * numbers for enums, floats for integers, strings for other scalars and the reverse, and nulls for
     * primitives are errors; nesting, string and number lengths are bounded. Call it from {@code initialize(bootstrap)} with
     * {@code bootstrap.getObjectMapper()}.
     */
    public static ObjectMapper configureObjectMapper(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        // "60" is not a number, nor "true" a boolean, nor 123 a message or user id.
        scalarCoercions(mapper, CoercionAction.Fail);
        refuseEmptyStrings(mapper);
        mapper.registerModule(new SimpleModule("presence-iso-instants-only").addDeserializer(Instant.class,
                new IsoInstantsOnly()));
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
     * boolean is expected, a number or boolean where a string is, and a number where a boolean is.
     */
    public static void scalarCoercions(ObjectMapper mapper, CoercionAction action) {
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, action);
        }
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer,
                CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, action);
        }
        // 1 is not true: a boolean is true or false.
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, action);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Float, action);
    }
    /**
     * "" (or " ") where a number, boolean, instant, list or object is expected is an error, not a null: Jackson would
     * read {@code "ttlSeconds":""} as no TTL given, and an import line's {@code "sessions":""} as none. A string that
     * is expected may still be empty, and the contract's rules say whether it may.
     */
    private static void refuseEmptyStrings(ObjectMapper mapper) {
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean,
                LogicalType.DateTime, LogicalType.Enum, LogicalType.Collection, LogicalType.Array, LogicalType.Map,
                LogicalType.POJO}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setAcceptBlankAsEmpty(false);
        }
    }

    /**
     * An instant is an ISO-8601 string, as the contract says. Jackson would also read a number, as seconds since
     * the epoch, and one out of its range (1e300) as 1970-01-01: an import line would then be restored with a time
     * nobody wrote.
     */
    private static final class IsoInstantsOnly extends StdDeserializer<Instant> {
        IsoInstantsOnly() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }
}
