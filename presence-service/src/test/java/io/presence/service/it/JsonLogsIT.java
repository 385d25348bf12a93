package io.presence.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.presence.service.testing.ForkedNode;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JSON log layout the example configs offer (commented out) gives a log shipper one object a line. */
class JsonLogsIT {

    @RegisterExtension
    final NodesExtension nodes = new NodesExtension();

    private static JsonNode parse(String line) {
        try {
            return TestNode.JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("not one JSON object: " + line, e);
        }
    }

    @Test
    void withTheJsonLayoutEveryLogLineIsOneJsonObject() throws Exception {
        ForkedNode node = nodes.center().forked();
        Path config = node.config().configFile();
        String yaml = Files.readString(config).replace("logging:\n  level: WARN\n", """
                logging:
                  level: INFO
                  appenders:
                    - type: console
                      layout:
                        type: json
                """);
        Files.writeString(config, yaml);
        node.start();

        List<String> lines = node.log().lines().filter(line -> !line.isBlank()).toList();
        List<JsonNode> events = lines.stream().filter(line -> line.startsWith("{")).map(JsonLogsIT::parse).toList();
        assertThat(events).as("log lines").hasSizeGreaterThan(10);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.path("level").asText()).isNotEmpty();
            assertThat(event.path("message").asText()).isNotNull();
            assertThat(event.path("timestamp").isMissingNode()).isFalse();
        });
        assertThat(events).anySatisfy(event -> assertThat(event.path("message").asText()).contains("nats-server ready"));
        assertThat(lines.stream().filter(line -> !line.startsWith("{")))
                .as("lines a log shipper could not parse (the JVM's own banner aside)")
                .allSatisfy(line -> assertThat(line).doesNotContain("INFO  ["));
    }
}
