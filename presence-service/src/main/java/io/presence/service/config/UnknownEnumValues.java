package io.presence.service.config;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import java.io.IOException;

/**
 * A configuration setting given a value its enum does not have, e.g. {@code node.type: hub}: the error
 * names the values there are. Dropwizard's own message for it says only "expected: Type".
 */
final class UnknownEnumValues extends DeserializationProblemHandler {

    @Override
    public Object handleWeirdStringValue(DeserializationContext context, Class<?> targetType, String value,
                                         String failureMsg) throws IOException {
        if (!targetType.isEnum()) {
            return NOT_HANDLED;
        }
        throw new Problem(context, "'" + value + "' is " + failureMsg);
    }

    /** Its message alone: Dropwizard prints the path itself, and the source location would say UNKNOWN. */
    private static final class Problem extends JsonMappingException {
        Problem(DeserializationContext context, String message) {
            super(context.getParser(), message);
        }

        @Override
        public String getMessage() {
            return getOriginalMessage();
        }
    }
}
