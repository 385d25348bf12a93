package io.presence.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.api.ErrorCodes;
import io.presence.api.ErrorResponse;
import io.presence.api.PresenceLimits;
import io.presence.service.errors.RawHttp;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node serves the contract it was built with at {@code GET /openapi.yaml}, on its application port. */
class OpenApiDocumentIT {

    @RegisterExtension
    static final NodesExtension nodes = new NodesExtension();
    static TestNode node;

    @BeforeAll
    static void startNode() {
        node = nodes.center().start();
    }

    @Test
    void servesPresenceApisOpenApiYamlAsYaml() throws IOException {
        HttpResponse<String> answer = node.get("/openapi.yaml");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/yaml");
        assertThat(answer.body()).isEqualTo(presenceApisSpec()).startsWith("openapi: 3.0.3");
        assertThat(answer.headers().firstValueAsLong("Content-Length"))
                .hasValue(answer.body().getBytes(StandardCharsets.UTF_8).length);
    }

    /** Tools that ask for YAML, or anything, get it; one that takes only JSON gets the 406 every path answers. */
    @Test
    void anAcceptThatExcludesYamlIsA406() throws IOException {
        for (String accept : new String[] {"application/yaml", "*/*", "application/json, */*;q=0.1", "application/*"}) {
            assertThat(node.get("/openapi.yaml", "Accept", accept).statusCode()).as(accept).isEqualTo(200);
        }
        HttpResponse<String> json = node.get("/openapi.yaml", "Accept", "application/json");

        assertThat(json.statusCode()).isEqualTo(406);
        ErrorResponse error = TestNode.JSON.readValue(json.body(), ErrorResponse.class);
        assertThat(error.code()).isEqualTo(ErrorCodes.NOT_ACCEPTABLE);
        assertThat(error.message()).isEqualTo("cannot produce a response for Accept 'application/json';"
                + " this path produces application/yaml");
        assertThat(node.get("/openapi.yaml", "Accept", "yaml").statusCode()).isEqualTo(400);
    }

    @Test
    void headIsTheGetWithoutTheDocument() {
        HttpResponse<String> head = node.send(HttpRequest.newBuilder(node.uri("/openapi.yaml"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).hasValue("application/yaml");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void otherMethodsAreAJson405NamingWhatIsAllowed() throws IOException {
        for (String method : new String[] {"PUT", "DELETE", "TRACE"}) {
            RawHttp.RawResponse refused = RawHttp.exchange(node.support().getLocalPort(), method
                    + " /openapi.yaml HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close");

            assertThat(refused.status()).as(method).isEqualTo(405);
            assertThat(refused.header("Allow")).as(method).isEqualTo("GET, HEAD, OPTIONS");
            assertThat(TestNode.JSON.readValue(refused.body(), ErrorResponse.class).message()).as(method)
                    .isEqualTo("method not allowed: " + method + " /openapi.yaml; allowed: GET, HEAD, OPTIONS");
            assertThat(TestNode.JSON.readValue(refused.body(), ErrorResponse.class).code())
                    .isEqualTo(ErrorCodes.METHOD_NOT_ALLOWED);
        }
        RawHttp.RawResponse options = RawHttp.exchange(node.support().getLocalPort(),
                "OPTIONS /openapi.yaml HTTP/1.1\r\nHost: x\r\nConnection: close");
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
    }

    /** openapi.yaml as presence-api's jar (or classes) holds it. */
    private static String presenceApisSpec() throws IOException {
        try (InputStream in = PresenceLimits.class.getResourceAsStream("/openapi.yaml")) {
            assertThat(in).as("openapi.yaml next to PresenceLimits").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
