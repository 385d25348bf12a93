package io.presence.service.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.service.servlet.RequestMetricsFilter.Route;
import org.junit.jupiter.api.Test;

class RequestMetricsFilterTest {

    @Test
    void eachPathIsCountedUnderTheRouteThatServesIt() {
        assertThat(Route.of("/api/v2/presence/alice")).isEqualTo(Route.USER);
        assertThat(Route.of("/api/v2/presence/alice@example.com")).isEqualTo(Route.USER);
        assertThat(Route.of("/api/v2/presence")).isEqualTo(Route.LIST);
        assertThat(Route.of("/api/v2/presence/batch")).isEqualTo(Route.BATCH);
        assertThat(Route.of("/api/v2/presence/stream")).isEqualTo(Route.STREAM);
    }

    @Test
    void pathsNoRouteServesAreOther() {
        assertThat(Route.of("/api/v2/presence/")).isEqualTo(Route.OTHER);
        assertThat(Route.of("/api/v2/presence/alice/status")).isEqualTo(Route.OTHER);
        assertThat(Route.of("/api/v1/presence/alice")).isEqualTo(Route.OTHER);
        assertThat(Route.of("/")).isEqualTo(Route.OTHER);
        assertThat(Route.OTHER.label).isEqualTo("other");
    }
}
