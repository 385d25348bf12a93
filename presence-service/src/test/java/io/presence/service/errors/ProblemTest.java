package io.presence.service.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.api.ErrorCodes;
import io.presence.api.ErrorDetail;
import io.presence.service.core.InvalidInputException;
import io.presence.service.core.StoreConflictException;
import io.presence.service.core.StoreUnavailableException;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProblemTest {

    private static final RequestSummary PUT_X = new RequestSummary("PUT /x", null, null);

    @Test
    void mapsEveryStatusTheApiUsesToItsCode() {
        assertThat(Problem.codeFor(400)).isEqualTo(ErrorCodes.INVALID_REQUEST);
        assertThat(Problem.codeFor(401)).isEqualTo(ErrorCodes.UNAUTHORIZED);
        assertThat(Problem.codeFor(403)).isEqualTo(ErrorCodes.FORBIDDEN);
        assertThat(Problem.codeFor(404)).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(Problem.codeFor(405)).isEqualTo(ErrorCodes.METHOD_NOT_ALLOWED);
        assertThat(Problem.codeFor(406)).isEqualTo(ErrorCodes.NOT_ACCEPTABLE);
        assertThat(Problem.codeFor(412)).isEqualTo(ErrorCodes.PRECONDITION_FAILED);
        assertThat(Problem.codeFor(413)).isEqualTo(ErrorCodes.PAYLOAD_TOO_LARGE);
        assertThat(Problem.codeFor(415)).isEqualTo(ErrorCodes.UNSUPPORTED_MEDIA_TYPE);
        assertThat(Problem.codeFor(422)).isEqualTo(ErrorCodes.VALIDATION_FAILED);
        assertThat(Problem.codeFor(429)).isEqualTo(ErrorCodes.RATE_LIMITED);
        assertThat(Problem.codeFor(503)).isEqualTo(ErrorCodes.UNAVAILABLE);
        assertThat(Problem.codeFor(500)).isEqualTo(ErrorCodes.INTERNAL);
        assertThat(Problem.codeFor(431)).isEqualTo(ErrorCodes.INVALID_REQUEST);
        assertThat(Problem.codeFor(505)).isEqualTo(ErrorCodes.INVALID_REQUEST);
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(Problems.retryAfterSeconds(null)).isEqualTo(1);
        assertThat(Problems.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
        assertThat(Problems.retryAfterSeconds(Duration.ofSeconds(-5))).isEqualTo(1);
        assertThat(Problems.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(Problems.retryAfterSeconds(Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(Problems.retryAfterSeconds(Duration.ofSeconds(30))).isEqualTo(30);
        Problem unavailable = Problems.of(new StoreUnavailableException("hub at 10.0.0.1:4222 down",
                Duration.ofMillis(2500), null), PUT_X);
        assertThat(unavailable.headers()).containsEntry("Retry-After", "3");
        assertThat(unavailable.message()).doesNotContain("10.0.0.1")
                .isEqualTo("storage is temporarily unavailable; the write may or may not have been stored; retrying it"
                        + " is safe, in 3 s");
        assertThat(Problems.of(new StoreUnavailableException("down", Duration.ofSeconds(1), null),
                new RequestSummary("GET /api/v2/presence/alice", null, null)).message())
                .isEqualTo("storage is temporarily unavailable; retry in 1 s");
        assertThat(new RequestSummary("POST /api/v2/presence/import", null, null).writes()).isTrue();
        assertThat(new RequestSummary("DELETE /api/v2/presence/alice/sessions", null, null).writes()).isTrue();
        assertThat(new RequestSummary("POST /api/v2/presence/batch", null, null).writes()).isFalse();
    }

    @Test
    void invalidInputWithSeveralDetailsIs400() {
        Problem problem = Problems.of(InvalidInputException.badRequest("two problems", List.of(
                new ErrorDetail("a", "x"), new ErrorDetail("b", "y"))), PUT_X);
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.details()).hasSize(2);
    }

    @Test
    void aFailedConditionNamesTheCurrentTag() {
        Problem problem = Problems.of(new StoreConflictException("stale").withCurrentEtag("\"7\""), PUT_X);
        assertThat(problem.status()).isEqualTo(412);
        assertThat(problem.headers()).containsEntry("ETag", "\"7\"");
    }

    @Test
    void bothSidesWriteTheSameBody() {
        Problem problem = new Problem.Unauthorized("the token has expired (exp): get a new one");
        Response jersey = ProblemWriter.response(problem);
        assertThat(jersey.getStatus()).isEqualTo(401);
        assertThat(jersey.getHeaderString("WWW-Authenticate")).isEqualTo("Bearer realm=\"presence\","
                + " error=\"invalid_token\", error_description=\"the token has expired (exp): get a new one\"");
        assertThat(problem.message()).isEqualTo("a valid bearer token is required: the token has expired (exp): get a"
                + " new one");
        assertThat(new String((byte[]) jersey.getEntity(), StandardCharsets.UTF_8))
                .isEqualTo(new String(ProblemWriter.bytes(problem), StandardCharsets.UTF_8))
                .startsWith("{\"code\":\"unauthorized\",\"message\":");
    }

    @Test
    void messagesAreReadableAndSafe() {
        assertThat(SafeText.message(null, 401, PUT_X, Set.of())).isEqualTo("authentication required: send a bearer token");
        assertThat(SafeText.message("HTTP 403 Forbidden", 403, PUT_X, Set.of())).isEqualTo("not allowed to PUT /x");
        assertThat(SafeText.message("", 413, PUT_X, Set.of())).isEqualTo("request body is too large");
        assertThat(SafeText.message(null, 415, PUT_X, Set.of()))
                .isEqualTo("no Content-Type for PUT /x; send application/json");
        assertThat(SafeText.message(null, 415, new RequestSummary("PUT /x", null, "text/plain"), Set.of()))
                .isEqualTo("unsupported Content-Type 'text/plain' for PUT /x; send application/json");
        assertThat(SafeText.message("java.lang.IllegalStateException: x", 409, PUT_X, Set.of())).isEqualTo("conflict");
        assertThat(SafeText.message("<html><body>x</body></html>", 400, PUT_X, Set.of())).isEqualTo("bad request to PUT /x");
        assertThat(SafeText.message("y".repeat(300), 409, PUT_X, Set.of())).hasSize(203).endsWith("...");
        assertThat(SafeText.clean("Not Found", 404)).isEqualTo("not found");
    }

    @Test
    void theBackupPathsNameJsonLinesAsTheirMediaType() {
        RequestSummary importing = new RequestSummary("POST /api/v2/presence/import", null, "application/json");
        RequestSummary exporting = new RequestSummary("GET /api/v2/presence/export", "application/json", null);

        assertThat(SafeText.message(null, 415, importing, Set.of())).isEqualTo(
                "unsupported Content-Type 'application/json' for POST /api/v2/presence/import; send application/x-ndjson");
        assertThat(SafeText.message(null, 406, exporting, Set.of())).isEqualTo(
                "cannot produce a response for Accept 'application/json'; this path produces application/x-ndjson");
        assertThat(SafeText.message(null, 406, PUT_X, Set.of())).endsWith("; this API produces application/json");
        assertThat(SafeText.message(null, 406, RequestSummary.NONE, Set.of())).endsWith("application/json");
    }
}
