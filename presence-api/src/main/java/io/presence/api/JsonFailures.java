package io.presence.api;

import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A JSON text that could not be read as one of the API's types, in words its sender can act on: the field at fault
 * (a JSON path such as {@code liveSessions[1].status}) and what it must be, or what is wrong with the text itself.
 * The server's 400s and import refusals and the CLI's checks of an export file word a failure alike.
 */
public final class JsonFailures {

    private static final int MAX_REASON_LENGTH = 120;

    /**
     * One failure.
     *
     * @param field  the JSON path of the value at fault; empty for the whole value; null when the text is no JSON
     * @param reason what is wrong: {@code must be one of ...}, or {@code malformed JSON: ...} when {@code field} is
     *               null
     */
    public record Failure(String field, String reason) {

        /** One line: {@code status must be one of ...}; the reason alone for the whole value or the text. */
        public String describe() {
            return field == null || field.isEmpty() ? reason : field + " " + reason;
        }
    }

    private JsonFailures() {
    }

    /** What is wrong with the text read; empty when the failure is not the text's (writing JSON, a type's definition). */
    public static Optional<Failure> of(JsonProcessingException exception) {
        if (exception instanceof JsonGenerationException || exception instanceof InvalidDefinitionException) {
            return Optional.empty();
        }
        if (exception instanceof StreamConstraintsException) {
            return Optional.of(new Failure(null, "malformed JSON: nesting too deep, or a name, string or number too long"));
        }
        if (exception instanceof InputCoercionException coercion) {
            return Optional.of(new Failure(fieldOf(coercion), outOfRange(coercion.getTargetType())));
        }
        if (exception instanceof JsonMappingException mapping) {
            // Text that ends inside a value (a line cut short) fails in the value's reader, which would name the field
            // as if its value were wrong: it is the text that is cut.
            for (Throwable cause = mapping.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof JsonEOFException eof) {
                    return Optional.of(new Failure(null, "malformed JSON: " + shortReason(eof)));
                }
            }
            return Optional.of(mappingFailure(mapping));
        }
        return Optional.of(new Failure(null, "malformed JSON: " + shortReason(exception)));
    }

    private static Failure mappingFailure(JsonMappingException exception) {
        String path = path(exception.getPath());
        if (exception instanceof MismatchedInputException mismatched && path.isEmpty()
                && String.valueOf(mismatched.getOriginalMessage()).startsWith("No content to map")) {
            return new Failure("", "is required");
        }
        if (exception instanceof MismatchedInputException mismatched && path.isEmpty()
                && String.valueOf(mismatched.getOriginalMessage()).startsWith("Trailing token")) {
            return new Failure("", "must be one JSON value, with nothing after it");
        }
        if (exception.getCause() instanceof InputCoercionException coercion) {
            // A mapper that wraps what the parser throws (the default) names the path itself.
            return new Failure(path, outOfRange(coercion.getTargetType()));
        }
        String reason;
        if (exception instanceof UnrecognizedPropertyException) {
            reason = "unknown field";
        } else if (exception instanceof InvalidFormatException invalid) {
            reason = expectation(invalid.getTargetType());
        } else if (exception instanceof ValueInstantiationException instantiation) {
            reason = instantiation.getType() != null && instantiation.getType().isEnumType()
                    ? expectation(instantiation.getType().getRawClass())
                    : "is not a valid value";
        } else if (exception instanceof MismatchedInputException mismatched) {
            reason = expectation(mismatched.getTargetType());
        } else {
            reason = "is not a valid value";
        }
        return new Failure(path, reason);
    }

    /**
     * Where a number too large for its field is, e.g. {@code counts[1].small}: well-formed JSON, so the field is
     * named as for a value of the wrong type. The parser stops on the number, so its context is the number's path
     * (databind does not wrap this failure with a path of its own).
     */
    private static String fieldOf(InputCoercionException exception) {
        JsonParser parser = exception.getProcessor();
        if (parser == null) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext context = parser.getParsingContext(); context != null && !context.inRoot();
                context = context.getParent()) {
            if (context.inArray()) {
                path.insert(0, "[" + context.getCurrentIndex() + "]");
            } else if (context.getCurrentName() != null) {
                path.insert(0, "." + context.getCurrentName());
            }
        }
        return path.isEmpty() ? "" : path.substring(path.charAt(0) == '.' ? 1 : 0);
    }

    private static String outOfRange(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return "is out of range of a 32-bit integer";
        }
        if (type == long.class || type == Long.class) {
            return "is out of range of a 64-bit integer";
        }
        return "is out of range";
    }

    /** What a value of {@code type} must look like, e.g. {@code must be one of online|away|busy|offline}. */
    public static String expectation(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (type == PresenceStatus.class) {
            return "must be one of " + PresenceStatus.ALLOWED_VALUES;
        }
        if (type == Visibility.class) {
            return "must be one of " + Visibility.ALLOWED_VALUES;
        }
        if (type.isEnum()) {
            return "must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(String::valueOf).collect(Collectors.joining("|"));
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "must be a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == java.time.Instant.class) {
            return "must be an ISO-8601 time string such as \"2026-12-04T12:00:00Z\"";
        }
        if (isInteger(type)) {
            return "must be an integer";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "must be a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "must be an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java.")) {
            return "must be an object";
        }
        return "has the wrong type";
    }

    private static boolean isInteger(Class<?> type) {
        return type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == Byte.class || type == byte.class
                || type == java.math.BigInteger.class;
    }

    /** A JSON path such as {@code userIds[3]} or {@code a.b}. */
    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /**
     * The parser's own words, first line only and bounded: never a dump of the input, nor Jackson's hints to its
     * own programmer ("enable `JsonReadFeature.ALLOW_...`"), which a sender cannot act on.
     */
    private static String shortReason(JsonProcessingException exception) {
        String reason = exception.getOriginalMessage();
        if (reason == null || reason.isBlank()) {
            return "unreadable input";
        }
        for (String noise : new String[] {"\n", " (start marker", " at [Source", "[Source", ": enable `",
                " (not recognized as one since", " (or call `", "; enable `"}) {
            int at = reason.indexOf(noise);
            if (at >= 0) {
                reason = reason.substring(0, at);
            }
        }
        if (reason.length() > MAX_REASON_LENGTH) {
            reason = reason.substring(0, MAX_REASON_LENGTH) + "...";
        }
        var location = exception.getLocation();
        if (location != null && location.getLineNr() > 0) {
            reason += " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        }
        return reason;
    }
}
