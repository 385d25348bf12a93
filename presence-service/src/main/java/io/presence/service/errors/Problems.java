package io.presence.service.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.presence.api.ErrorDetail;
import io.presence.service.core.InvalidInputException;
import io.presence.service.core.PresenceNotFoundException;
import io.presence.service.core.StoreConflictException;
import io.presence.service.core.StoreUnavailableException;
import io.presence.service.core.WriteForbiddenException;
import io.presence.service.http.ApiMethods;
import io.presence.service.stream.StreamLimitException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.glassfish.jersey.server.ParamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any failure into the {@link Problem} to answer with, and is the one place that logs a server
 * fault: with a fresh error id, which the 500's message gives the client (Dropwizard's
 * {@code LoggingExceptionMapper} idiom). A new exception type that the client can cause gets its case here.
 */
public final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    /** Tells a 404 for a user without presence from one for a path the API does not have (no details). */
    static final ErrorDetail NO_PRESENCE = new ErrorDetail("userId", "has no presence");
    private static final Set<String> ENTITY_HEADERS = Set.of("content-type", "content-length", "content-encoding");

    private Problems() {
    }

    /** The answer to {@code failure}, raised while serving {@code request}. */
    public static Problem of(Throwable failure, RequestSummary request) {
        return known(failure, request).or(() -> ClientFaults.find(failure))
                .orElseGet(() -> internal(failure, request.where()));
    }

    /** Logs a server fault once, with its stack trace and a new error id, and returns the 500 that names the id. */
    public static Problem internal(Throwable cause, String where) {
        String errorId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        LOG.error("server error errorId={} request={}", errorId, where, cause);
        return new Problem.Internal(errorId);
    }

    private static Optional<Problem> known(Throwable failure, RequestSummary request) {
        if (failure instanceof ProblemException e) {
            return Optional.of(e.problem());
        }
        if (failure instanceof InvalidInputException e) {
            return Optional.of(new Problem.Rejected(e.unprocessable() ? 422 : 400, e.getMessage(), e.details(),
                    Map.of()));
        }
        if (failure instanceof PresenceNotFoundException e) {
            ErrorDetail detail = e.sessionId() == null ? NO_PRESENCE
                    : new ErrorDetail("sessionId", "is not a live session of the user");
            return Optional.of(new Problem.Rejected(404, e.getMessage(), List.of(detail), Map.of()));
        }
        if (failure instanceof WriteForbiddenException e) {
            return Optional.of(Problem.Rejected.of(403, e.getMessage()));
        }
        if (failure instanceof StoreConflictException e) {
            return Optional.of(new Problem.PreconditionFailed(e.getMessage(), e.currentEtag().orElse(null)));
        }
        if (failure instanceof StoreUnavailableException e) {
            return Optional.of(unavailable(e, request.writes()));
        }
        if (failure instanceof StreamLimitException e) {
            LOG.warn("stream refused: {}", e.getMessage());
            return Optional.of(new Problem.Unavailable(e.getMessage(), 5));
        }
        if (failure instanceof ConstraintViolationException e) {
            return ViolationProblems.of(e);
        }
        if (failure instanceof JsonProcessingException e) {
            return JsonProblems.clientError(e);
        }
        if (failure instanceof WebApplicationException e) {
            return jaxRs(e, request);
        }
        return Optional.empty();
    }

    /**
     * The cause may name hosts and ports: it goes to the log, the client gets a generic message. Debug only:
     * a failed store call is logged where it failed, and a refusal while the store is known to be out of
     * reach is logged once when that state begins, not once per request (thousands a second in an outage).
     */
    private static Problem unavailable(StoreUnavailableException e, boolean write) {
        long seconds = retryAfterSeconds(e.retryAfter());
        LOG.debug("store unavailable retryAfter={}s reason={}", seconds, e.getMessage());
        // A write that was sent and not acknowledged may still be stored: the client must not read "not stored".
        return new Problem.Unavailable("storage is temporarily unavailable; "
                + (write ? "the write may or may not have been stored; retrying it is safe, in " : "retry in ")
                + seconds + " s", seconds);
    }

    /** Whole seconds, rounded up, never below 1 (also for a missing or negative duration). */
    static long retryAfterSeconds(Duration retryAfter) {
        if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero()) {
            return 1;
        }
        return Math.max(1, retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0));
    }

    /**
     * Jersey's own refusals (404, 405, 406, 415, ...): status and headers ({@code Allow}, ...) are kept, the
     * message becomes a readable one instead of "HTTP 404 Not Found". An unconvertible parameter, which Jersey
     * answers with 404, is a bad request. Server faults are left to {@link #internal}.
     */
    private static Optional<Problem> jaxRs(WebApplicationException exception, RequestSummary request) {
        if (exception instanceof ParamException param) {
            return Optional.of(Problem.Rejected.field(400, param.getParameterName(), "is not a valid value"));
        }
        Response original = exception.getResponse();
        int status = original == null ? 500 : original.getStatus();
        if (Problem.isServerFault(status)) {
            return Optional.empty();
        }
        Set<String> allowed = withImpliedHead(original.getAllowedMethods());
        Map<String, String> headers = new LinkedHashMap<>();
        original.getStringHeaders().forEach((name, values) -> {
            if (!ENTITY_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, String.join(", ", values));
            }
        });
        if (!allowed.isEmpty()) {
            headers.remove("Allow");
            headers.put("Allow", ApiMethods.allowOf(allowed));
        }
        return Optional.of(new Problem.Rejected(status,
                SafeText.message(exception.getMessage(), status, request, allowed), List.of(), headers));
    }

    /**
     * Jersey answers {@code HEAD} wherever it answers {@code GET}, and names it in its {@code OPTIONS}
     * answers, but leaves it out of the {@code Allow} of its 405s.
     */
    private static Set<String> withImpliedHead(Set<String> allowed) {
        Set<String> methods = new TreeSet<>(allowed);
        if (methods.contains(HttpMethod.GET)) {
            methods.add(HttpMethod.HEAD);
        }
        return methods;
    }
}
