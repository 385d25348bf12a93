package io.presence.service.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.dropwizard.auth.AuthenticationException;
import io.dropwizard.auth.Authenticator;
import io.presence.api.PresenceLimits;
import io.presence.api.PresenceUpdate;
import io.presence.service.auth.BearerUnauthorizedHandler;
import io.presence.service.auth.PresencePrincipal;
import io.presence.service.core.StoreConflictException;
import io.presence.service.core.StoreUnavailableException;
import io.presence.service.core.WriteForbiddenException;
import io.presence.service.errors.ClientErrors;
import io.presence.service.errors.InvalidInputException;
import io.presence.service.errors.StoreConflictExceptionMapper;
import io.presence.service.errors.StoreUnavailableExceptionMapper;
import io.presence.service.ratelimit.RateLimiter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Answers {@code PUT /api/v2/presence/{userId}} before the request reaches Jersey when it is a plain,
 * valid and permitted write: a JSON body of known length, a bearer token that verifies, an id that is
 * one valid path segment. Jersey's routing, filters and entity layers were about a third of a write's
 * CPU (docs/performance.md). The write is {@link PresenceWrites}', the same as {@link PresenceResource}
 * makes, with the same token cache, write rate limit and store error answers.
 *
 * <p>A bearer token that does not verify gets the auth filter's 401 from here (so it is checked, and
 * logged, once). Every other request this filter is not sure of goes on to the resource with its body
 * replayed, before anything is counted or stored, so the resource gives the answer it always gave: any
 * error in the body, id, permission, {@code If-Match}, message or TTL; a rate-limited write; other media
 * types, {@code Accept} headers, content encodings and bodies of unknown length. Once a write is counted against the rate limit, this
 * filter answers it, storage errors included (through the resource's exception mappers). A body that
 * stops coming fails the read, and Jetty answers 400 as it would have for the resource.
 */
public final class DirectWriteFilter implements Filter {

    private static final Set<String> JSON_TYPES = Set.of(MediaType.APPLICATION_JSON,
            MediaType.APPLICATION_JSON + ";charset=utf-8");

    private final PresenceWrites writes;
    private final Authenticator<String, PresencePrincipal> tokens;
    private final Optional<RateLimiter> limiter;
    private final ObjectMapper json;
    private final ObjectReader updates;
    private PlainRequests plain = new PlainRequests("");

    /**
     * @param tokens  the authenticator the resource's auth filter uses (the verified-token cache)
     * @param limiter the write rate limit the resource's {@code WriteRateLimitFilter} applies, if enabled
     * @param json    the application's mapper: bodies parse and errors encode as in Jersey
     */
    public DirectWriteFilter(PresenceWrites writes, Authenticator<String, PresencePrincipal> tokens,
                             Optional<RateLimiter> limiter, ObjectMapper json) {
        this.writes = writes;
        this.tokens = tokens;
        this.limiter = limiter;
        this.json = json;
        this.updates = json.readerFor(PresenceUpdate.class);
    }

    @Override
    public void init(FilterConfig config) {
        plain = new PlainRequests(config.getServletContext().getContextPath());
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        Optional<String> userId = isPlainWrite(request) ? plain.userId(request) : Optional.empty();
        Optional<String> token = userId.isPresent()
                ? BearerUnauthorizedHandler.bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION)) : Optional.empty();
        if (token.isEmpty()) {
            chain.doFilter(req, res);
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readNBytes((int) request.getContentLengthLong());
        } catch (IOException e) {
            Optional<Response> clientFault = ClientErrors.find(e);
            if (clientFault.isEmpty()) {
                throw e;
            }
            send(clientFault.get(), (HttpServletResponse) res);
            return;
        }
        Optional<PresencePrincipal> principal;
        try {
            principal = tokens.authenticate(token.get());
        } catch (AuthenticationException e) {
            chain.doFilter(new ReplayedBodyRequest(request, body), res);
            return;
        }
        if (principal.isEmpty()) {
            // Answered here, as the resource's auth filter would: sent on, the token would be checked twice.
            send(BearerUnauthorizedHandler.invalidToken(), (HttpServletResponse) res);
            return;
        }
        Optional<PresenceWrites.Write> write = body.length == request.getContentLengthLong()
                ? prepare(principal.get(), userId.get(),
                        EntityTags.combined(request.getHeaders(HttpHeaders.IF_MATCH).asIterator()),
                        EntityTags.combined(request.getHeaders(HttpHeaders.IF_NONE_MATCH).asIterator()), body)
                : Optional.empty();
        if (write.isEmpty() || !allowed(principal.get())) {
            chain.doFilter(new ReplayedBodyRequest(request, body), res);
            return;
        }
        commit(write.get(), (HttpServletResponse) res);
    }

    /** A PUT of an unencoded JSON body of known, allowed length, answered in JSON. */
    private static boolean isPlainWrite(HttpServletRequest request) {
        if (!request.getMethod().equals("PUT") || !PlainRequests.acceptsJson(request)
                || request.getHeader(HttpHeaders.CONTENT_ENCODING) != null) {
            return false;
        }
        // The raw header: the servlet API's getContentType() throws for a charset the JVM does not know.
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        long length = request.getContentLengthLong();
        return type != null && JSON_TYPES.contains(type.replace(" ", "").toLowerCase(Locale.ROOT))
                && length >= 0 && length <= PresenceLimits.MAX_BODY_BYTES;
    }

    /** The checked write, or empty for any client error (the resource reports it). */
    private Optional<PresenceWrites.Write> prepare(PresencePrincipal principal, String userId, String ifMatch,
                                                   String ifNoneMatch, byte[] body) {
        try {
            return Optional.of(writes.prepare(principal, userId, ifMatch, ifNoneMatch, updates.readValue(body)));
        } catch (IOException | InvalidInputException | ConstraintViolationException | WriteForbiddenException e) {
            return Optional.empty();
        }
    }

    /** Counts the write against its subject's limit when there is room; a refusal is the resource's to answer. */
    private boolean allowed(PresencePrincipal principal) {
        return principal.writesUnlimited()
                || limiter.map(writes -> writes.tryAcquire(principal.subject()).allowed()).orElse(true);
    }

    private void commit(PresenceWrites.Write write, HttpServletResponse response) throws IOException {
        try {
            PresenceWrites.Answer answer = writes.commit(write);
            response.setStatus(200);
            response.setHeader(HttpHeaders.ETAG, answer.etag());
            send(answer.body(), response);
        } catch (StoreConflictException e) {
            send(new StoreConflictExceptionMapper().toResponse(e), response);
        } catch (StoreUnavailableException e) {
            send(new StoreUnavailableExceptionMapper().toResponse(e), response);
        }
    }

    /** An exception mapper's answer, as Jersey would send it. */
    private void send(Response answer, HttpServletResponse response) throws IOException {
        response.setStatus(answer.getStatus());
        answer.getStringHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        send(json.writeValueAsBytes(answer.getEntity()), response);
    }

    private static void send(byte[] body, HttpServletResponse response) throws IOException {
        response.setContentType(MediaType.APPLICATION_JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
