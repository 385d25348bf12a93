package io.presence.service.metrics;

import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.core.setup.Environment;
import io.presence.service.core.ExpiryReaper;
import io.presence.service.core.SessionRepair;
import io.presence.service.nats.NatsServerProcess;
import io.presence.service.ratelimit.RateLimit;
import io.presence.service.store.BucketCompactor;
import io.presence.service.store.CachedPresenceStore;
import io.presence.service.store.KvWatch;
import io.presence.service.store.NatsKvPresenceStore;
import io.presence.service.store.StreamLink;
import io.presence.service.stream.PresenceBroadcaster;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.CustomLabelMapper;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.MapperConfig;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /prometheus} on the admin port: the node's metrics in Prometheus' text format, for a Prometheus
 * server to scrape. The node's own Dropwizard metrics reach it through Prometheus' Dropwizard bridge, each under
 * the Prometheus name (and labels) given below; the HTTP request histogram ({@code servlet/RequestMetricsFilter})
 * and the JVM's metrics are Prometheus metrics of their own. Dropwizard's and Jetty's other metrics stay on
 * {@code /metrics}. docs/operations.md ("Monitoring") lists every name with its meaning.
 *
 * <p>Names follow Prometheus' conventions: base units in the name ({@code _seconds}, {@code _revisions}), and
 * counters (Dropwizard counters and meters) get their {@code _total} from the text format.
 */
public final class PrometheusMetrics {

    /** Where the admin port serves the scrape. */
    public static final String PATH = "/prometheus";

    /** Each exported Dropwizard metric, by its Dropwizard name: its Prometheus name and labels. */
    static final List<MapperConfig> NAMES = List.of(
            map(CachedPresenceStore.SIZE_METRIC, "presence_cache_entries"),
            map(CachedPresenceStore.HIT_RATIO_METRIC, "presence_cache_hit_ratio"),
            map(CachedPresenceStore.HITS_METRIC, "presence_cache_hits"),
            map(CachedPresenceStore.MISSES_METRIC, "presence_cache_misses"),
            map(CachedPresenceStore.EVICTIONS_METRIC, "presence_cache_evictions"),
            map(NatsKvPresenceStore.GET_METRIC, "presence_kv_get_duration_seconds"),
            map(NatsKvPresenceStore.PUT_METRIC, "presence_kv_put_duration_seconds"),
            map(KvWatch.LAG_METRIC, "presence_kv_watch_lag_revisions"),
            map(StreamLink.MIRROR_LAG_METRIC, "presence_kv_mirror_lag_revisions"),
            map(BucketCompactor.MOVED_METRIC, "presence_kv_compaction_moved"),
            new MapperConfig(StreamLink.HUB_UP_METRIC, "presence_stream_link_up", Map.of("link", "hub")),
            new MapperConfig(StreamLink.QUORUM_UP_METRIC, "presence_stream_link_up", Map.of("link", "quorum")),
            map(RateLimit.REJECTED_METRIC, "presence_rate_limited_requests"),
            map(PresenceBroadcaster.OPEN_METRIC, "presence_stream_subscribers"),
            map(PresenceBroadcaster.EVENTS_METRIC, "presence_stream_events"),
            // The bridge names a meter by its name with "_total" (its labels by the name alone).
            map(PresenceBroadcaster.EVENTS_METRIC + "_total", "presence_stream_events"),
            map(PresenceBroadcaster.DROPPED_METRIC, "presence_stream_dropped"),
            map(ExpiryReaper.TRANSITIONS_METRIC, "presence_reaper_transitions"),
            map(SessionRepair.REPAIRS_METRIC, "presence_session_repairs"),
            map(NatsServerProcess.RESTARTS_METRIC, "presence_nats_server_restarts"));

    private static final Set<String> EXPORTED = NAMES.stream().map(MapperConfig::getMatch).collect(Collectors.toSet());

    private PrometheusMetrics() {
    }

    /**
     * Registers the scrape servlet on the admin port and returns its registry, where the node's Dropwizard
     * metrics (those named above, whenever they are registered) and the JVM's already are.
     */
    public static PrometheusRegistry install(Environment environment) {
        PrometheusRegistry registry = registry(environment.metrics());
        environment.admin().addServlet("prometheus", new PrometheusMetricsServlet(registry)).addMapping(PATH);
        return registry;
    }

    /** A registry with the bridge from {@code dropwizard} and the JVM's metrics. */
    static PrometheusRegistry registry(MetricRegistry dropwizard) {
        PrometheusRegistry registry = new PrometheusRegistry();
        DropwizardExports.builder()
                .dropwizardRegistry(dropwizard)
                .metricFilter(exported())
                .customLabelMapper(new CustomLabelMapper(NAMES))
                .register(registry);
        JvmMetrics.builder().register(registry);
        return registry;
    }

    /** Only the metrics named above: the rest of Dropwizard's registry has no Prometheus names. */
    private static MetricFilter exported() {
        return (name, metric) -> EXPORTED.contains(name);
    }

    private static MapperConfig map(String dropwizardName, String prometheusName) {
        return new MapperConfig(dropwizardName, prometheusName, Map.of());
    }
}
