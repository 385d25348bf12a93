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
import org.eclipse.jetty.http.HttpException;

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
    /**
     * The histogram: {@code route} (user, sessions, list, batch, stream, export, import, other), {@code method},
     * {@code status} (2xx...).
     */
    public static final String DURATION_METRIC = "presence_http_request_duration_seconds";
    /** Its upper bounds, in seconds: fine below 10 ms, where a cached read is, to 10 s (the KV timeout's range). */
    private static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
        5, 10};

    /** The API's routes, as the {@code route} label names them (docs/architecture.md, "The HTTP edge"). */
    enum Route {
        USER, SESSIONS, LIST, BATCH, STREAM, EXPORT, IMPORT, OTHER;

        final String label = name().toLowerCase(Locale.ROOT);

        /** The route of a path within the application (servlet path and path info, decoded). */
        static Route of(String path) {
            switch (path) {
                case ApiPaths.PRESENCE -> {
                    return LIST;
                }
                case ApiPaths.BATCH -> {
                    return BATCH;
                }
                case ApiPaths.STREAM -> {
                    return STREAM;
                }
                case ApiPaths.EXPORT -> {
                    return EXPORT;
                }
                case ApiPaths.IMPORT -> {
                    return IMPORT;
                }
                default -> {
                    return underAUser(path);
                }
            }
        }

        /** {@code /{userId}}, or {@code /{userId}/sessions} and {@code /{userId}/sessions/{sessionId}}. */
        private static Route underAUser(String path) {
            int start = ApiPaths.USER_PREFIX.length();
            if (!path.startsWith(ApiPaths.USER_PREFIX) || path.length() == start) {
                return OTHER;
            }
            int slash = path.indexOf('/', start);
            if (slash < 0) {
                return USER;
            }
            if (slash == start || !path.startsWith(SESSIONS_SEGMENT, slash)) {
                return OTHER;
            }
            int end = slash + SESSIONS_SEGMENT.length();
            boolean sessions = path.length() == end
                    || (path.charAt(end) == '/' && path.length() > end + 1 && path.indexOf('/', end + 1) < 0);
            return sessions ? SESSIONS : OTHER;
        }
    }

    private static final String SESSIONS_SEGMENT = "/sessions";
    /** How deep {@link #statusOf} looks into an exception's causes. */
    private static final int MAX_CAUSES = 16;

    /** The methods the API answers; any other is counted as {@code other}. */
    private static final String[] METHODS = {"GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS", "other"};
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
        try {
            chain.doFilter(request, response);
            record(request, response.getStatus(), System.nanoTime() - start);
        } catch (IOException | ServletException | RuntimeException | Error escaped) {
            record(request, statusOf(escaped, response.getStatus()), System.nanoTime() - start);
            throw escaped;
        }
    }

    /**
     * The status Jetty answers an exception that escaped the filters with: an error already set stays; Jetty's own
     * refusals ({@link HttpException}: a body over the size limit is a 413) keep their status, wherever they are in
     * the causes; anything else is a server fault.
     */
    static int statusOf(Throwable escaped, int status) {
        if (status >= 400) {
            return status;
        }
        Throwable cause = escaped;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (cause instanceof HttpException http) {
                return http.getCode();
            }
        }
        return 500;
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
            case "DELETE" -> 4;
            case "OPTIONS" -> 5;
            default -> 6;
        };
    }
}
