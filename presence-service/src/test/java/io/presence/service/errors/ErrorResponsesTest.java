package io.presence.service.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.api.ErrorCodes;
import io.presence.api.ErrorResponse;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {

    @Test
    void mapsEveryStatusTheApiUsesToItsCode() {
        assertThat(ErrorResponses.codeFor(400)).isEqualTo(ErrorCodes.INVALID_REQUEST);
        assertThat(ErrorResponses.codeFor(401)).isEqualTo(ErrorCodes.UNAUTHORIZED);
        assertThat(ErrorResponses.codeFor(403)).isEqualTo(ErrorCodes.FORBIDDEN);
        assertThat(ErrorResponses.codeFor(404)).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(ErrorResponses.codeFor(405)).isEqualTo(ErrorCodes.METHOD_NOT_ALLOWED);
        assertThat(ErrorResponses.codeFor(406)).isEqualTo(ErrorCodes.NOT_ACCEPTABLE);
        assertThat(ErrorResponses.codeFor(412)).isEqualTo(ErrorCodes.PRECONDITION_FAILED);
        assertThat(ErrorResponses.codeFor(413)).isEqualTo(ErrorCodes.PAYLOAD_TOO_LARGE);
        assertThat(ErrorResponses.codeFor(415)).isEqualTo(ErrorCodes.UNSUPPORTED_MEDIA_TYPE);
        assertThat(ErrorResponses.codeFor(422)).isEqualTo(ErrorCodes.VALIDATION_FAILED);
        assertThat(ErrorResponses.codeFor(429)).isEqualTo(ErrorCodes.RATE_LIMITED);
        assertThat(ErrorResponses.codeFor(503)).isEqualTo(ErrorCodes.UNAVAILABLE);
        assertThat(ErrorResponses.codeFor(500)).isEqualTo(ErrorCodes.INTERNAL);
        assertThat(ErrorResponses.codeFor(431)).isEqualTo(ErrorCodes.INVALID_REQUEST);
        assertThat(ErrorResponses.codeFor(505)).isEqualTo(ErrorCodes.INVALID_REQUEST);
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(StoreUnavailableExceptionMapper.retryAfterSeconds(null)).isEqualTo(1);
        assertThat(StoreUnavailableExceptionMapper.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
        assertThat(StoreUnavailableExceptionMapper.retryAfterSeconds(Duration.ofSeconds(-5))).isEqualTo(1);
        assertThat(StoreUnavailableExceptionMapper.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(StoreUnavailableExceptionMapper.retryAfterSeconds(Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(StoreUnavailableExceptionMapper.retryAfterSeconds(Duration.ofSeconds(30))).isEqualTo(30);
    }

    @Test
    void invalidInputWithSeveralDetailsIs400() {
        InvalidInputException exception = InvalidInputException.badRequest("two problems", java.util.List.of(
                new io.presence.api.ErrorDetail("a", "x"), new io.presence.api.ErrorDetail("b", "y")));
        Response response = new InvalidInputExceptionMapper().toResponse(exception);
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(((ErrorResponse) response.getEntity()).details()).hasSize(2);
    }

    @Test
    void statusMessagesAreReadable() {
        assertThat(StatusMessages.message(null, 401, "GET /x", null, null, java.util.Set.of()))
                .isEqualTo("authentication required: send a bearer token");
        assertThat(StatusMessages.message("HTTP 403 Forbidden", 403, "GET /x", null, null, java.util.Set.of()))
                .isEqualTo("not allowed to GET /x");
        assertThat(StatusMessages.message("", 413, "PUT /x", null, null, java.util.Set.of()))
                .isEqualTo("request body is too large");
        assertThat(StatusMessages.message(null, 415, "PUT /x", null, null, java.util.Set.of()))
                .isEqualTo("unsupported Content-Type '' for PUT /x; send application/json");
        assertThat(StatusMessages.message("java.lang.IllegalStateException: x", 409, "PUT /x", null, null,
                java.util.Set.of())).isEqualTo("conflict");
        assertThat(StatusMessages.message("y".repeat(300), 409, "PUT /x", null, null, java.util.Set.of()))
                .hasSize(203).endsWith("...");
    }

    @Test
    void bodyTooLargeNamesItsLimit() {
        BodyTooLargeException exception = new BodyTooLargeException(10);
        assertThat(exception.limit()).isEqualTo(10);
        assertThat(ClientErrors.tooLarge(exception).getStatus()).isEqualTo(413);
    }
}
