package io.presence.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.api.ErrorDetail;
import io.presence.api.PresenceLimits;
import io.presence.service.errors.Problem;
import org.junit.jupiter.api.Test;

/** Which paths, as sent, have a dot segment, and what it stands for. */
class DotSegmentsTest {

    private static ErrorDetail detail(String rawPath) {
        Problem problem = DotSegments.problem(rawPath).orElseThrow();
        assertThat(problem.status()).isEqualTo(400);
        return problem.body().details().get(0);
    }

    @Test
    void aDotSegmentAtAUsersPlaceIsTheReservedUserId() {
        for (String path : new String[] {"/api/v2/presence/.", "/api/v2/presence/..", "/api/v2/presence/%2E",
                "/api/v2/presence/%2e%2E", "/api/v2/presence/.%2e/sessions", "/api/v2/presence/./sessions/phone"}) {
            assertThat(detail(path)).as(path).isEqualTo(new ErrorDetail("userId", PresenceLimits.USER_ID_RULE));
        }
    }

    @Test
    void aDotSegmentAtASessionsPlaceIsTheReservedSessionId() {
        assertThat(detail("/api/v2/presence/alice/sessions/%2E%2E"))
                .isEqualTo(new ErrorDetail("sessionId", PresenceLimits.USER_ID_RULE));
    }

    /** A segment's parameters ({@code ;x}) are no part of its name: {@code ..;x} is the dot segment {@code ..}. */
    @Test
    void aDotSegmentWithParametersIsADotSegment() {
        assertThat(detail("/api/v2/presence/..;x/zed")).isEqualTo(new ErrorDetail("userId", PresenceLimits.USER_ID_RULE));
        assertThat(detail("/api/v2/presence/alice/sessions/.;a=b"))
                .isEqualTo(new ErrorDetail("sessionId", PresenceLimits.USER_ID_RULE));
        assertThat(DotSegments.problem("/api/v2/presence/a;b")).isEmpty();
        assertThat(DotSegments.problem("/api/v2/presence/..x;y")).isEmpty();
    }

    @Test
    void aDotSegmentElsewhereIsAPathNoApiHas() {
        for (String path : new String[] {"/api/v2/presence/alice/..", "/api/v2/presence/alice/sessions/x/.",
                "/api/v2/presence/alice/./sessions", "/api/../openapi.yaml", "/."}) {
            Problem problem = DotSegments.problem(path).orElseThrow();
            assertThat(problem.body().details()).as(path).isEmpty();
            assertThat(problem.body().message()).as(path).contains("'.' or '..' segment");
        }
    }

    @Test
    void dotsWithinAnIdAreNoSegment() {
        for (String path : new String[] {"/api/v2/presence/...", "/api/v2/presence/a.b", "/api/v2/presence/.a",
                "/api/v2/presence/%2e%2e%2e", "/api/v2/presence/alice/sessions/x.y", "/api/v2/presence", "/"}) {
            assertThat(DotSegments.problem(path)).as(path).isEmpty();
        }
        assertThat(DotSegments.problem(null)).isEmpty();
    }
}
