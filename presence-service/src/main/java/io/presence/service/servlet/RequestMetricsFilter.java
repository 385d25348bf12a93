package io.presence.service.servlet;

import io.presence.service.http.ApiPaths;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The first servlet filter: times every request that reaches the filters, into one Prometheus histogram by
 * route, method and status class. A Prometheus histogram rather than a Dropwizard timer: its fixed buckets add
 * up across nodes and give any quantile over any window ({@code histogram_quantile}), where a timer's
 * quantiles are one node's last minutes. Requests Jetty refuses before the filters (a malformed request line,
 * headers or URI over the limits) are not counted here; Jetty's own request meters on {@code /metrics} are.
 *
 * <p>A stream ({@code route="stream"}) is timed until it is open, not for as long as it lasts.
 */
public final class RequestMetricsFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    /** The histogram: {@code route} (user, list, batch, stream, other), {@code method}, {@code status} (2xx...). */
    public static final String DURATION_METRIC = "presence_http_request_duration_seconds";
    /** Its upper bounds, in seconds: fine below 10 ms, where a cached read is, to 10 s (the KV timeout's range). */
    private static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
        5, 10};

    /** The API's routes, as the {@code route} label names them (docs/architecture.md, "The HTTP edge"). */
    enum Route {
        USER, LIST, BATCH, STREAM, OTHER;

        final String label = name().toLowerCase(Locale.ROOT);

        /** The route of a path within the application (servlet path and path info, decoded). */
        static Route of(String path) {
            if (path.equals(ApiPaths.PRESENCE)) {
                return LIST;
            }
            if (path.equals(ApiPaths.BATCH)) {
                return BATCH;
            }
            if (path.equals(ApiPaths.STREAM)) {
                return STREAM;
            }
            boolean oneUser = path.startsWith(ApiPaths.USER_PREFIX) && path.length() > ApiPaths.USER_PREFIX.length()
                    && path.indexOf('/', ApiPaths.USER_PREFIX.length()) < 0;
            return oneUser ? USER : OTHER;
        }
    }

    /** The methods the API answers; any other is counted as {@code other}. */
    private static final String[] METHODS = {"GET", "HEAD", "PUT", "POST", "OPTIONS", "other"};
    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final transient Histogram histogram;
    /** Each (route, method, status class) series once seen: none is exported before its first request. */
    private final transient AtomicReferenceArray<DistributionDataPoint> series =
            new AtomicReferenceArray<>(Route.values().length * METHODS.length * STATUS_CLASSES.length);

    public RequestMetricsFilter(PrometheusRegistry registry) {
        this.histogram = Histogram.builder()
                .name(DURATION_METRIC)
                .help("Requests to the API by route, method and status class, and how long each took to answer")
                .unit(Unit.SECONDS)
                .labelNames("route", "method", "status")
                .classicUpperBounds(BUCKETS)
                .classicOnly()
                .withoutExemplars()
                .register(registry);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            int status = response.getStatus();
            // What escapes the filters is answered by Jetty's error handler: a server fault, unless already an error.
            record(request, failed && status < 400 ? 500 : status, System.nanoTime() - start);
        }
    }

    private void record(HttpServletRequest request, int status, long nanos) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        Route route = Route.of(pathInfo == null ? servletPath
                : servletPath.isEmpty() ? pathInfo : servletPath + pathInfo);
        int method = methodIndex(request.getMethod());
        int statusClass = Math.min(Math.max(status / 100, 1), 5) - 1;
        int index = (route.ordinal() * METHODS.length + method) * STATUS_CLASSES.length + statusClass;
        DistributionDataPoint point = series.get(index);
        if (point == null) {
            point = histogram.labelValues(route.label, METHODS[method], STATUS_CLASSES[statusClass]);
            series.set(index, point);
        }
        point.observe(nanos / 1e9);
    }

    private static int methodIndex(String method) {
        return switch (method) {
            case "GET" -> 0;
            case "HEAD" -> 1;
            case "PUT" -> 2;
            case "POST" -> 3;
            case "OPTIONS" -> 4;
            default -> 5;
        };
    }
}
