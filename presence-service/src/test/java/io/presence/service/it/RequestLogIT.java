package io.presence.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.presence.service.testing.ForkedNode;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.TestNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The request log, as the example configs offer it (commented out), never writes a token sent in the URL. */
class RequestLogIT {

    @RegisterExtension
    final NodesExtension nodes = new NodesExtension();

    @Test
    void aTokenInTheUrlIsRefusedAndNotLogged() throws Exception {
        ForkedNode node = nodes.center().forked();
        Path config = node.config().configFile();
        Files.writeString(config, Files.readString(config).replace("""
                  requestLog:
                    appenders: []
                """, """
                  requestLog:
                    appenders:
                      - type: console
                """));
        node.start();
        String token = TestNode.token("alice");
        HttpClient http = HttpClient.newHttpClient();

        int status = http.send(HttpRequest.newBuilder(node.uri("/api/v2/presence/alice?x=1&access%5Ftoken=" + token
                + "&y=2")).build(), BodyHandlers.discarding()).statusCode();

        assertThat(status).isEqualTo(400);
        await().atMost(Duration.ofSeconds(10)).until(() -> node.log().contains("access%5Ftoken=REDACTED"));
        assertThat(node.log()).contains("GET /api/v2/presence/alice?x=1&access%5Ftoken=REDACTED&y=2 HTTP/1.1\" 400")
                .doesNotContain(token);
    }
}
