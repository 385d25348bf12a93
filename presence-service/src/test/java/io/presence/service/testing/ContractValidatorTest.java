package io.presence.service.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.presence.service.errors.RawHttp;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link ContractValidator} holds an answer to, and what it lets through. */
class ContractValidatorTest {

    /** No server: the validator only reads what it is handed. */
    private static final int PORT = 1;
    private static final String JSON = "application/json";
    private static final String PRESENCE = "{\"userId\":\"alice\",\"status\":\"online\",\"lastSeen\":\"2026-03-01T09:30:00Z\","
            + "\"updatedAt\":\"2026-03-01T09:30:00.123Z\",\"expiresAt\":\"2026-03-01T09:35:00Z\",\"ttlSeconds\":300,"
            + "\"nodeId\":\"center-1\",\"revision\":42}";
    private static final String NOT_ALLOWED = "{\"code\":\"method_not_allowed\",\"message\":\"no\",\"details\":[]}";

    @BeforeEach
    void serve() {
        ContractValidator.apiServed(this, PORT);
    }

    @AfterEach
    void stop() {
        ContractValidator.apiStopped(this);
    }

    private static void check(String requestLine, int status, Map<String, String> headers, String body) {
        ContractValidator.check(PORT, requestLine + " HTTP/1.1\r\nHost: x", new RawHttp.RawResponse(status, headers, body));
    }

    @Test
    void aDocumentedAnswerPasses() {
        assertThatCode(() -> check("GET /api/v2/presence/alice", 200, Map.of("content-type", JSON, "etag", "\"42\""),
                PRESENCE)).doesNotThrowAnyException();
    }

    @Test
    void aBodyOffTheSchemaFailsNamingTheProblem() {
        assertThatThrownBy(() -> check("GET /api/v2/presence/alice", 200, Map.of("content-type", JSON),
                PRESENCE.replace("}", ",\"mood\":\"fine\"}")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("mood");
    }

    @Test
    void aHeaderOffItsSchemaFails() {
        assertThatThrownBy(() -> check("GET /api/v2/presence/alice", 200, Map.of("content-type", JSON, "etag", "42"),
                PRESENCE)).isInstanceOf(AssertionError.class).hasMessageContaining("header.schema.pattern");
    }

    @Test
    void anUndocumentedStatusFails() {
        assertThatThrownBy(() -> check("GET /api/v2/presence/alice", 418, Map.of("content-type", JSON), NOT_ALLOWED))
                .isInstanceOf(AssertionError.class).hasMessageContaining("418");
    }

    @Test
    void anInvalidRequestIsNotHeldAgainstADocumentedAnswer() {
        assertThatCode(() -> check("GET /api/v2/presence?users=a%20b,%zz", 400, Map.of("content-type", JSON),
                "{\"code\":\"invalid_request\",\"message\":\"bad\",\"details\":[{\"field\":\"users[0]\",\"message\":\"x\"}]}"))
                .doesNotThrowAnyException();
    }

    @Test
    void headIsTheGetWithoutItsBody() {
        assertThatCode(() -> check("HEAD /api/v2/presence/alice", 200, Map.of("content-type", JSON, "etag", "\"42\""),
                "")).doesNotThrowAnyException();
        assertThatThrownBy(() -> check("HEAD /api/v2/presence/alice", 200, Map.of("content-type", "text/html"), ""))
                .isInstanceOf(AssertionError.class).hasMessageContaining("checked as GET");
    }

    @Test
    void anEmptyExportIsComplete() {
        assertThatCode(() -> check("GET /api/v2/presence/export", 200, Map.of("content-type", "application/x-ndjson"),
                "")).doesNotThrowAnyException();
        assertThatThrownBy(() -> check("GET /api/v2/presence/export", 200, Map.of("content-type", "text/html"), ""))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void aMethodThePathLacksIsHeldToItsDocumented405() {
        assertThatCode(() -> check("DELETE /api/v2/presence/alice", 405, Map.of("content-type", JSON), NOT_ALLOWED))
                .doesNotThrowAnyException();
        assertThatCode(() -> check("FOO /api/v2/presence/batch", 405, Map.of("content-type", JSON), NOT_ALLOWED))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> check("DELETE /api/v2/presence/alice", 405, Map.of("content-type", "text/html"),
                "<html>")).isInstanceOf(AssertionError.class);
        assertThatCode(() -> check("OPTIONS /api/v2/presence/alice", 200, Map.of("allow", "GET, PUT"), ""))
                .doesNotThrowAnyException();
    }

    @Test
    void pathsOutsideTheApiAndOtherServersAreNotChecked() {
        assertThatCode(() -> check("GET /nope", 404, Map.of("content-type", "text/html"), "<html>"))
                .doesNotThrowAnyException();
        assertThatCode(() -> check("GET /api/v2/presencex", 404, Map.of("content-type", "text/html"), "<html>"))
                .doesNotThrowAnyException();
        assertThatCode(() -> ContractValidator.check(2, "GET /api/v2/presence/alice HTTP/1.1",
                new RawHttp.RawResponse(500, Map.of("content-type", "text/html"), "<html>")))
                .doesNotThrowAnyException();
    }
}
