package io.presence.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void aDefaultMayBeAnotherVariable() throws IOException {
        assertThat(read("a: ${NEW:-${PORT:-1}}\nb: ${NEW:-${OLD:-1}}\n")).isEqualTo("a: 9090\nb: 1\n");
    }

    @Test
    void refusesAVariableThatIsNeitherSetNorGivenADefault() {
        assertThatThrownBy(() -> read("a: 1\n  jwtSecret: ${VAULT_SECRET}\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("test.yml line 2 uses ${VAULT_SECRET}, but the environment variable VAULT_SECRET is not"
                        + " set: set it, or give a default in the file (${VAULT_SECRET:-value})");
    }

    @Test
    void readsAConfigurationFromAPipe(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("center.yml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                Files.writeString(fifo, "port: ${PORT}\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        try (InputStream in = new EnvironmentSourceProvider(new FileConfigurationSourceProvider(), ENVIRONMENT)
                .open(fifo.toString())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("port: 9090\n");
        }
        writer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void leavesCommentLinesAsTheyAre() throws IOException {
        assertThat(read("  # keyStorePassword: ${KEYSTORE_PASSWORD}\nport: ${PORT} # ${PORT}\n"))
                .isEqualTo("  # keyStorePassword: ${KEYSTORE_PASSWORD}\nport: 9090 # 9090\n");
    }
}
