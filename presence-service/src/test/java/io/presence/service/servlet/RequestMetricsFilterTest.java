package io.presence.service.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.service.servlet.RequestMetricsFilter.Route;
import jakarta.servlet.ServletException;
import java.io.IOException;
import org.eclipse.jetty.http.BadMessageException;
import org.junit.jupiter.api.Test;

class RequestMetricsFilterTest {

    @Test
    void eachPathIsCountedUnderTheRouteThatServesIt() {
        assertThat(Route.of("/api/v2/presence/alice")).isEqualTo(Route.USER);
        assertThat(Route.of("/api/v2/presence/alice@example.com")).isEqualTo(Route.USER);
        assertThat(Route.of("/api/v2/presence")).isEqualTo(Route.LIST);
        assertThat(Route.of("/api/v2/presence/batch")).isEqualTo(Route.BATCH);
        assertThat(Route.of("/api/v2/presence/stream")).isEqualTo(Route.STREAM);
        assertThat(Route.of("/api/v2/presence/export")).isEqualTo(Route.EXPORT);
        assertThat(Route.of("/api/v2/presence/import")).isEqualTo(Route.IMPORT);
        assertThat(Route.of("/api/v2/presence/alice/sessions")).isEqualTo(Route.SESSIONS);
        assertThat(Route.of("/api/v2/presence/alice/sessions/phone")).isEqualTo(Route.SESSIONS);
    }

    @Test
    void pathsNoRouteServesAreOther() {
        assertThat(Route.of("/api/v2/presence/")).isEqualTo(Route.OTHER);
        assertThat(Route.of("/api/v2/presence/alice/status")).isEqualTo(Route.OTHER);
        assertThat(Route.of("/api/v2/presence/alice/sessionsx")).isEqualTo(Route.OTHER);
        assertThat(Route.of("/api/v2/presence/alice/sessions/")).isEqualTo(Route.OTHER);
        assertThat(Route.of("/api/v2/presence/alice/sessions/phone/x")).isEqualTo(Route.OTHER);
        assertThat(Route.of("/api/v2/presence//sessions")).isEqualTo(Route.OTHER);
        assertThat(Route.of("/api/v1/presence/alice")).isEqualTo(Route.OTHER);
        assertThat(Route.of("/")).isEqualTo(Route.OTHER);
        assertThat(Route.OTHER.label).isEqualTo("other");
    }

    @Test
    void anExceptionThatEscapesIsCountedWithTheStatusJettyAnswersItWith() {
        BadMessageException overTheLimit = new BadMessageException(413, "Request body is too large");

        assertThat(RequestMetricsFilter.statusOf(overTheLimit, 200)).isEqualTo(413);
        assertThat(RequestMetricsFilter.statusOf(new IOException(new ServletException(overTheLimit)), 200))
                .isEqualTo(413);
        assertThat(RequestMetricsFilter.statusOf(new IllegalStateException("a bug"), 200)).isEqualTo(500);
        assertThat(RequestMetricsFilter.statusOf(new IllegalStateException("after the answer"), 404)).isEqualTo(404);
    }
}
