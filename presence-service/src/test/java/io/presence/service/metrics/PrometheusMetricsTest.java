package io.presence.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.presence.service.ratelimit.RateLimit;
import io.presence.service.store.CachedPresenceStore;
import io.presence.service.store.KvWatch;
import io.presence.service.store.NatsKvPresenceStore;
import io.presence.service.store.StreamLink;
import io.presence.service.stream.PresenceBroadcaster;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.MapperConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PrometheusMetricsTest {

    private final MetricRegistry dropwizard = new MetricRegistry();

    @Test
    void theNodesMetricsAreExportedUnderTheirPrometheusNamesAndTypes() throws IOException {
        dropwizard.register(CachedPresenceStore.HITS_METRIC, new CountOf(() -> 7));
        dropwizard.register(CachedPresenceStore.SIZE_METRIC, (Gauge<Long>) () -> 3L);
        dropwizard.register(StreamLink.HUB_UP_METRIC, (Gauge<Integer>) () -> 1);
        dropwizard.register(KvWatch.LAG_METRIC, (Gauge<Long>) () -> 5L);
        dropwizard.counter(RateLimit.REJECTED_METRIC).inc(2);
        dropwizard.meter(PresenceBroadcaster.EVENTS_METRIC).mark(4);
        dropwizard.timer(NatsKvPresenceStore.PUT_METRIC).update(2, TimeUnit.MILLISECONDS);

        String text = scrape(PrometheusMetrics.registry(dropwizard));

        assertThat(text).contains(
                "# TYPE presence_cache_hits_total counter", "presence_cache_hits_total 7",
                "# TYPE presence_cache_entries gauge", "presence_cache_entries 3",
                "presence_stream_link_up{link=\"hub\"} 1",
                "presence_kv_watch_lag_revisions 5",
                "presence_rate_limited_requests_total 2",
                "presence_stream_events_total 4",
                "# TYPE presence_kv_put_duration_seconds summary",
                "presence_kv_put_duration_seconds{quantile=\"0.99\"} 0.002",
                "presence_kv_put_duration_seconds_count 1",
                "jvm_threads_current ");
    }

    @Test
    void dropwizardsOtherMetricsStayOnMetrics() throws IOException {
        dropwizard.counter("io.dropwizard.jetty.MutableServletContextHandler.active-requests").inc();
        dropwizard.register("jvm.threads.count", (Gauge<Integer>) () -> 9);

        String text = scrape(PrometheusMetrics.registry(dropwizard));

        assertThat(text).doesNotContain("io_dropwizard", "jvm_threads_count", "presence_");
    }

    @Test
    void everyExportedNameIsThisServicesAndSnakeCase() {
        assertThat(PrometheusMetrics.NAMES).extracting(MapperConfig::getName)
                .allSatisfy(name -> assertThat(name).matches("presence_[a-z_]+[a-z]"));
    }

    @Test
    void aCountKeptElsewhereIsOnlyRead() {
        long[] kept = {41};
        CountOf count = new CountOf(() -> kept[0]);
        kept[0]++;

        assertThat(count.getCount()).isEqualTo(42);
        assertThatThrownBy(count::inc).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(count::dec).isInstanceOf(UnsupportedOperationException.class);
    }

    private static String scrape(PrometheusRegistry registry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
