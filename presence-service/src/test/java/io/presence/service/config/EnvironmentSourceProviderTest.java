package io.presence.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationSourceProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentSourceProviderTest {

    private static final Map<String, String> ENVIRONMENT = Map.of("SECRET", "s3cret", "PORT", "9090");

    private static String read(String file) throws IOException {
        ConfigurationSourceProvider text = path -> new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8));
        try (InputStream in = new EnvironmentSourceProvider(text, ENVIRONMENT).open("test.yml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void fillsSetVariablesAndDefaults() throws IOException {
        assertThat(read("secret: ${SECRET}\nport: ${PORT:-8080}\nhost: ${HOST:-localhost}\n"))
                .isEqualTo("secret: s3cret\nport: 9090\nhost: localhost\n");
    }

    @Test
    void refusesAVariableThatIsNeitherSetNorGivenADefault() {
        assertThatThrownBy(() -> read("a: 1\n  jwtSecret: ${VAULT_SECRET}\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("test.yml line 2 uses ${VAULT_SECRET}, but the environment variable VAULT_SECRET is not"
                        + " set: set it, or give a default in the file (${VAULT_SECRET:-value})");
    }

    @Test
    void leavesCommentLinesAsTheyAre() throws IOException {
        assertThat(read("  # keyStorePassword: ${KEYSTORE_PASSWORD}\nport: ${PORT} # ${PORT}\n"))
                .isEqualTo("  # keyStorePassword: ${KEYSTORE_PASSWORD}\nport: 9090 # 9090\n");
    }
}
