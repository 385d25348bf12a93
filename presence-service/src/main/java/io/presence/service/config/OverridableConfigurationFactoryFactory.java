package io.presence.service.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.presence.service.json.StrictJson;
import jakarta.validation.Validator;

/**
 * Parses the configuration with the application's mapper, except that numbers and booleans may be given
 * as strings, and text settings as numbers or booleans. Dropwizard's {@code -Ddw.server.maxThreads=32}
 * overrides reach the mapper as strings, YAML's unquoted {@code id: 42} as a number, and the application's
 * mapper refuses both for request bodies (a body's {@code "60"} is not a number, nor {@code 42} a message).
 * An unknown enum value's error names the values there are ({@link UnknownEnumValues}), and a key given twice is
 * refused ({@link StrictYamlConfigurationFactory}).
 */
public final class OverridableConfigurationFactoryFactory<T> extends DefaultConfigurationFactoryFactory<T> {

    @Override
    public ConfigurationFactory<T> create(Class<T> klass, Validator validator, ObjectMapper objectMapper,
                                          String propertyPrefix) {
        return new StrictYamlConfigurationFactory<>(klass, validator, configureObjectMapper(objectMapper),
                propertyPrefix);
    }

    @Override
    protected ObjectMapper configureObjectMapper(ObjectMapper mapper) {
        // A copy of its own: the application's mapper stays strict for request bodies.
        ObjectMapper copy = super.configureObjectMapper(mapper.copy());
        StrictJson.scalarCoercions(copy, CoercionAction.TryConvert);
        copy.addHandler(new UnknownEnumValues());
        return copy;
    }
}
