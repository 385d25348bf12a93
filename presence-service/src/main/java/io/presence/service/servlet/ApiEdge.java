package io.presence.service.servlet;

import io.dropwizard.core.setup.Environment;
import io.presence.service.auth.BearerTokens;
import io.presence.service.core.PresenceService;
import io.presence.service.http.ApiPaths;
import io.presence.service.http.PresenceImports;
import io.presence.service.http.PresenceJson;
import io.presence.service.http.PresenceReads;
import io.presence.service.http.PresenceWrites;
import io.presence.service.http.RequestBodies;
import io.presence.service.http.ServerRuleMessages;
import io.presence.service.ratelimit.ClientAddresses;
import io.presence.service.ratelimit.RateLimit;
import io.presence.service.resources.AcceptsJsonFilter;
import io.presence.service.resources.AdminTokenFilter;
import io.presence.service.resources.BareOptionsFilter;
import io.presence.service.resources.BackupResource;
import io.presence.service.resources.PresenceResource;
import io.presence.service.stream.PresenceBroadcaster;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The HTTP edge of a node: which component serves which route, and the servlet filters in front of them.
 * <ul>
 *   <li>{@code GET|HEAD|PUT|DELETE /api/v2/presence/{userId}} and the user's sessions,
 *       {@code .../{userId}/sessions[/{sessionId}]}: {@link UserPresenceEndpoint} (the hot path);</li>
 *   <li>{@code GET /api/v2/presence/stream}: {@link PresenceStreamServlet};</li>
 *   <li>{@code GET /openapi.yaml}, the contract: {@link OpenApiServlet};</li>
 *   <li>{@code GET /api/v2/presence?users=}, {@code POST /api/v2/presence/batch} and anything new: Jersey's
 *       {@link PresenceResource};</li>
 *   <li>{@code GET /api/v2/presence/export}, {@code POST /api/v2/presence/import} (admin only): Jersey's
 *       {@link BackupResource}.</li>
 * </ul>
 */
public final class ApiEdge {

    private static final String[] API = {ApiPaths.PRESENCE, ApiPaths.USER_PREFIX + "*"};

    /** One servlet filter and the paths it covers. */
    private record Mapped(String name, Filter filter, String... paths) {
    }

    private ApiEdge() {
    }

    /**
     * @param publicReads whether reads need no token ({@code auth.publicReads})
     * @param readLimit  reads per client address; empty when limits are off
     * @param writeLimit writes per token subject; empty when limits are off
     * @param stale      whether reads are to be marked stale now; empty for a node whose reads never are
     * @param prometheus where the request histogram is registered (served on the admin port)
     */
    public static void build(Environment environment, PresenceService service, PresenceBroadcaster broadcaster,
                             BearerTokens tokens, boolean publicReads, Optional<RateLimit> readLimit,
                             Optional<RateLimit> writeLimit,
                             ClientAddresses addresses, Optional<BooleanSupplier> stale,
                             PrometheusRegistry prometheus) {
        PresenceJson json = new PresenceJson(environment.getObjectMapper());
        RequestBodies bodies = new RequestBodies(ServerRuleMessages.validator(service.minTtlSeconds(),
                service.maxTtlSeconds(), service::ttlRule));
        UserPresenceEndpoint users = new UserPresenceEndpoint(service, new PresenceReads(json),
                new PresenceWrites(service, json, bodies), tokens, writeLimit, environment.getObjectMapper(),
                environment.metrics());
        filters(new RequestMetricsFilter(prometheus),
                publicReads ? Optional.empty() : Optional.of(new ReadAccessFilter(tokens)),
                readLimit.map(limit -> new ReadRateLimitFilter(limit, addresses, tokens)), stale, users)
                .forEach(mapped -> environment.servlets().addFilter(mapped.name(), mapped.filter())
                        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, mapped.paths()));
        var stream = environment.servlets().addServlet("presence-stream", new PresenceStreamServlet(service, broadcaster));
        stream.setAsyncSupported(true);
        stream.addMapping(ApiPaths.STREAM);
        environment.servlets().addServlet("openapi", new OpenApiServlet()).addMapping(ApiPaths.OPENAPI);
        environment.jersey().register(new PresenceResource(service, json, bodies, tokens));
        environment.jersey().register(new BackupResource(service, json,
                new PresenceImports(service, environment.getObjectMapper())));
        environment.jersey().register(new AdminTokenFilter(tokens));
        environment.jersey().register(new AcceptsJsonFilter());
        environment.jersey().register(new BareOptionsFilter());
    }

    /**
     * The servlet filters, in the order they run (registration order is run order):
     * <ol>
     *   <li>request metrics first, so every request the filters see is counted and timed, refusals included;</li>
     *   <li>path parameters next, so nothing after sees a path whose {@code ;} parameters it would drop, and dot
     *       segments, so nothing sees a path the container normalised into another;</li>
     *   <li>content encoding before anything reads a body it could not decode;</li>
     *   <li>credentials before anything looks at a token that was sent in a way the API refuses;</li>
     *   <li>read access (only with {@code auth.publicReads: false}) right after, so an anonymous read is refused
     *       before it spends a token of its address's read limit;</li>
     *   <li>the read limit before any work is done for a read, on every read route alike;</li>
     *   <li>stale marking, so only reads that are answered are marked;</li>
     *   <li>the user endpoint last: it answers one user's routes itself, after every check above.</li>
     * </ol>
     */
    private static List<Mapped> filters(RequestMetricsFilter metrics, Optional<ReadAccessFilter> readAccess,
                                        Optional<ReadRateLimitFilter> readLimit, Optional<BooleanSupplier> stale,
                                        UserPresenceEndpoint users) {
        List<Mapped> filters = new ArrayList<>();
        filters.add(new Mapped("request-metrics", metrics, "/*"));
        filters.add(new Mapped("path-parameters", new PathParametersFilter(), "/*"));
        filters.add(new Mapped("dot-segments", new DotSegmentsFilter(), "/*"));
        filters.add(new Mapped("content-encoding", new ContentEncodingFilter(), "/*"));
        filters.add(new Mapped("credentials", new CredentialsFilter(), "/api/*"));
        readAccess.ifPresent(filter -> filters.add(new Mapped("read-access", filter, API)));
        readLimit.ifPresent(filter -> filters.add(new Mapped("read-rate-limit", filter, API)));
        stale.ifPresent(when -> filters.add(new Mapped("stale-reads", new StaleReadFilter(when), API)));
        filters.add(new Mapped("export-head", new ExportHeadFilter(), ApiPaths.EXPORT));
        filters.add(new Mapped("user-presence", users, ApiPaths.USER_PREFIX + "*"));
        return filters;
    }
}
