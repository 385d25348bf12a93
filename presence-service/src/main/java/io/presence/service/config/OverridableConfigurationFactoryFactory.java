package io.presence.service.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;

/**
 * Parses the configuration with the application's mapper, except that numbers and booleans may be given
 * as strings, and text settings as numbers or booleans (YAML's unquoted {@code 42}). Dropwizard's {@code -Ddw.server.maxThreads=32} overrides reach the mapper as strings, and the
 * application's mapper refuses strings for scalars (a request body's {@code "60"} is not a number).
 */
public final class OverridableConfigurationFactoryFactory<T> extends DefaultConfigurationFactoryFactory<T> {

    @Override
    protected ObjectMapper configureObjectMapper(ObjectMapper mapper) {
        // A copy of its own: the application's mapper stays strict for request bodies.
        ObjectMapper copy = super.configureObjectMapper(mapper.copy());
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            copy.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        }
        // YAML's unquoted `id: 42` is a number; a text setting takes it as "42".
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer,
                CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            copy.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.TryConvert);
        }
        return copy;
    }
}
