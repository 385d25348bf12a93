package io.presence.service.resources;

import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PresenceService;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Answers {@code GET} and {@code HEAD /api/v2/presence/{userId}} for cached users before the request
 * reaches Jersey, whose routing and entity layers cost about twice what the rest of the request does.
 * The answer is {@link PresenceReads}', the same as {@link PresenceResource} gives. Everything this
 * filter is not sure of goes on to the resource unchanged: cache misses and unknown users, ids that
 * are invalid or percent-encoded, and {@code Accept} headers other than none, {@code *}{@code /*} or
 * {@code application/json} (Jersey's content negotiation decides those).
 */
public final class CachedReadFilter implements Filter {

    private final PresenceService service;
    private final PresenceReads reads;
    private final BooleanSupplier stale;
    private PlainRequests plain = new PlainRequests("");

    /** @param stale whether reads are to be marked {@value StaleReadFilter#HEADER} (a leaf cut off from its hub) */
    public CachedReadFilter(PresenceService service, PresenceReads reads, BooleanSupplier stale) {
        this.service = service;
        this.reads = reads;
        this.stale = stale;
    }

    @Override
    public void init(FilterConfig config) {
        plain = new PlainRequests(config.getServletContext().getContextPath());
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        Optional<PresenceRecord> cached = isPlainRead(request)
                ? plain.userId(request).flatMap(service::findCached) : Optional.empty();
        if (cached.isEmpty()) {
            chain.doFilter(req, res);
            return;
        }
        write(reads.answer(cached.get(),
                EntityTags.combined(request.getHeaders(HttpHeaders.IF_NONE_MATCH).asIterator())), request,
                (HttpServletResponse) res);
    }

    private static boolean isPlainRead(HttpServletRequest request) {
        String method = request.getMethod();
        return (method.equals("GET") || method.equals("HEAD")) && PlainRequests.acceptsJson(request);
    }

    private void write(PresenceReads.Answer answer, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        response.setStatus(answer.status());
        response.setHeader(HttpHeaders.ETAG, answer.etag());
        response.setHeader(HttpHeaders.CACHE_CONTROL, PresenceReads.CACHE_CONTROL);
        if (stale.getAsBoolean()) {
            response.setHeader(StaleReadFilter.HEADER, "true");
        }
        if (answer.body() != null) {
            response.setContentType(MediaType.APPLICATION_JSON);
            response.setContentLength(answer.body().length);
            if (!request.getMethod().equals("HEAD")) {
                response.getOutputStream().write(answer.body());
            }
        }
    }
}
