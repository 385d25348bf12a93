package io.presence.service.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.configuration.YamlConfigurationFactory;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.InputStream;

/**
 * Dropwizard's YAML configuration, except that a key given twice in one mapping is an error. YAML's parser would
 * keep the last one, so a file that sets {@code port} twice, or an operator who appends a setting that is already
 * set further up, runs with a value they did not read: refused, naming the key and its line.
 */
final class StrictYamlConfigurationFactory<T> extends YamlConfigurationFactory<T> {

    StrictYamlConfigurationFactory(Class<T> klass, Validator validator, ObjectMapper mapper, String propertyPrefix) {
        super(klass, validator, mapper, propertyPrefix);
    }

    @Override
    protected JsonParser createParser(InputStream input) throws IOException {
        return super.createParser(input).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
}
