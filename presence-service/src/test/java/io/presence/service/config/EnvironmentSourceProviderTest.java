package io.presence.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentSourceProviderTest {

    private static final Map<String, String> ENVIRONMENT = Map.of("SECRET", "s3cret", "PORT", "9090", "EMPTY", "");

    private static String read(String file) throws IOException {
        ConfigurationSourceProvider text = path -> new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8));
        try (InputStream in = new EnvironmentSourceProvider(text, ENVIRONMENT).open("test.yml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void fillsSetVariablesAndDefaults() throws IOException {
        assertThat(read("secret: ${SECRET}\nport: ${PORT:-8080}\nhost: ${HOST:-localhost}\n"))
                .isEqualTo("secret: \"s3cret\"\nport: \"9090\"\nhost: \"localhost\"\n");
    }

    @Test
    void aDefaultMayBeAnotherVariable() throws IOException {
        assertThat(read("a: ${NEW:-${PORT:-1}}\nb: ${NEW:-${OLD:-1}}\n")).isEqualTo("a: \"9090\"\nb: \"1\"\n");
    }

    @Test
    void refusesAVariableThatIsNeitherSetNorGivenADefault() {
        assertThatThrownBy(() -> read("a: 1\n  jwtSecret: ${VAULT_SECRET}\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("test.yml line 2 uses ${VAULT_SECRET}, but the environment variable VAULT_SECRET is not"
                        + " set (or empty): set it, or give a default in the file (${VAULT_SECRET:-value})");
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
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("port: \"9090\"\n");
        }
        writer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void leavesCommentLinesAsTheyAre() throws IOException {
        assertThat(read("  # keyStorePassword: ${KEYSTORE_PASSWORD}\nport: ${PORT} # ${PORT}\n"))
                .isEqualTo("  # keyStorePassword: ${KEYSTORE_PASSWORD}\nport: \"9090\" # 9090\n");
    }

    /** Whatever a variable holds, the setting it fills reads back as that text, as any other reader of it sees it. */
    @Test
    void aValueIsItsTextWholeWhateverYamlWouldMakeOfIt() throws IOException {
        List<String> values = List.of("*TOPSECRETabc", "TOPSECRET #tail", "TOP: SECRET", "\"quoted\"", "'single'x",
                "p4ss${HOME}x", " padded ", "tab\there", "back\\slash", "ends:", "&anchor", "!tag", "[list]", "{map}",
                "|block", "%directive", "@at", "`tick", "-dash", "? q", "caf\u00e9 \uD83D\uDE00", "null", "~", "0x1F", "on",
                "1e3", "1_000", "012", "true", ".inf");
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (String value : values) {
            ConfigurationSourceProvider text = path -> new ByteArrayInputStream(("auth:\n  jwtSecret: ${JWT_SECRET}\n"
                    + "  quoted: \"${JWT_SECRET}\"\n  single: '${JWT_SECRET}' # a comment\n")
                    .getBytes(StandardCharsets.UTF_8));
            try (InputStream in = new EnvironmentSourceProvider(text, Map.of("JWT_SECRET", value)).open("t.yml")) {
                JsonNode auth = yaml.readTree(in).get("auth");
                assertThat(auth.get("jwtSecret").isTextual()).as(value).isTrue();
                assertThat(auth.get("jwtSecret").asText()).as(value).isEqualTo(value);
                assertThat(auth.get("quoted").asText()).as(value).isEqualTo(value);
                assertThat(auth.get("single").asText()).as(value).isEqualTo(value);
            }
        }
    }

    /**
     * Every value is a string, which a number or boolean setting reads as before; an empty one (or an unset one's empty
     * default) stays no value; a list variable is split at its commas, each item a string.
     */
    @Test
    void valuesAreStringsListsAreSplitAndOtherUsesAreFilledAsTheyAre() throws IOException {
        assertThat(read("port: ${PORT}\nuser: ${U:-}\nempty: ${EMPTY:-fallback}\nroutes: [${ROUTES:-a, b,, *c]}]\n"
                + "none: [${NONE:-}]\n  - item: ${PORT}\nat: http://x:${PORT}\n"))
                .isEqualTo("port: \"9090\"\nuser: \nempty: \"fallback\"\nroutes: [\"a\", \"b\", \"*c]\"]\nnone: []\n"
                        + "  - item: \"9090\"\nat: http://x:9090\n");
    }
}
