package io.presence.service.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import io.presence.service.errors.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Holds every answer the integration tests get from the presence API to {@code openapi.yaml} (from presence-api),
 * so that the contract and the server cannot drift apart: status, headers and body of each response to a request
 * under {@code /api/v2/presence}, on the operation its method and path name. Failing that is an
 * {@link AssertionError} with the validator's report. Hooked into the tests' HTTP helpers ({@link TestNode#send},
 * {@link SseClient}, {@link RawHttp}) and the tests that send on their own.
 *
 * <p>Only responses are judged ({@code validateResponse}; and every {@code validation.request.*} message is
 * ignored): hostile-input tests send invalid requests on purpose. Not checked: paths outside the API (admin port,
 * test apps, {@code /nope}), paths under it that the spec does not have ({@code /api/v2/presence/a/b}), and a
 * method a path lacks unless answered 405 ({@code OPTIONS}). Readings of the spec where it cannot say more itself:
 * a {@code HEAD} is answered as the {@code GET} without its body (RFC 9110 §9.3.2); a 405 to a method the path
 * does not have is held to the path's documented 405 (documented under each operation, as OpenAPI has no place
 * for "any other method"). A body not read (a stream's events, a discarded body) is not missing: a stream is
 * checked at its start, status and headers; nor is the empty body of JSON lines (an export of nothing).
 */
public final class ContractValidator {

    /** The API's paths: everything at or under it is in the contract. */
    public static final String API = "/api/v2/presence";

    private static final String BODY_MISSING = "validation.response.body.missing";
    private static final String NOT_ALLOWED = "validation.request.operation.notAllowed";
    private static final List<Request.Method> DOCUMENTED_FIRST = List.of(Request.Method.GET, Request.Method.POST,
            Request.Method.PUT);

    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForInlineApiSpecification(spec())
            .withLevelResolver(LevelResolver.create()
                    .withDefaultLevel(ValidationReport.Level.ERROR)
                    // Requests are the tests' to choose (hostile ones deliberately break the contract); answers are not.
                    .withLevel("validation.request", ValidationReport.Level.IGNORE)
                    .build())
            .build();

    /** Application ports of in-process presence nodes, for {@link RawHttp}, which also talks to other servers. */
    private static final Map<Object, Integer> API_PORTS = new ConcurrentHashMap<>();

    private ContractValidator() {
    }

    private static String spec() {
        try (InputStream in = ContractValidator.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml (presence-api) is not on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code node} serves the API on {@code port} (until {@link #apiStopped}): raw exchanges with it are checked. */
    public static void apiServed(Object node, int port) {
        API_PORTS.put(node, port);
    }

    public static void apiStopped(Object node) {
        API_PORTS.remove(node);
    }

    /** Checks a complete response (a body other than a string counts as not read) and returns it. */
    public static <T> HttpResponse<T> check(HttpResponse<T> response) {
        HttpRequest request = response.request();
        verify(request.method(), request.uri(), response.statusCode(), response.headers(),
                response.body() instanceof String body ? body : null);
        return response;
    }

    /** Checks the start of a stream, its status and headers (the body, events, is not read here). */
    public static void checkStart(HttpRequest request, HttpResponse.ResponseInfo start) {
        verify(request.method(), request.uri(), start.statusCode(), start.headers(), null);
    }

    /**
     * Checks what {@link RawHttp} read for {@code head} (request line first) from {@code port}, if a presence node
     * serves the API there; returns the response.
     */
    public static RawHttp.RawResponse check(int port, String head, RawHttp.RawResponse response) {
        if (API_PORTS.containsValue(port)) {
            String[] requestLine = head.substring(0, head.indexOf("\r\n") < 0 ? head.length() : head.indexOf("\r\n"))
                    .split(" ");
            if (requestLine.length >= 2) {
                check(requestLine[0], requestLine[1], response.status(), response.headers(), response.body());
            }
        }
        return response;
    }

    private static void verify(String method, URI uri, int status, HttpHeaders headers, String body) {
        check(method, uri.getRawPath() == null ? "" : uri.getRawPath(), status, headers.map().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> String.join(", ", e.getValue()))), body);
    }

    /** {@code body} null: not read (a stream, a discarded body); empty: read, and there was none. */
    private static void check(String method, String target, int status, Map<String, String> headers, String body) {
        String path = pathOf(target);
        if (!path.equals(API) && !path.startsWith(API + "/")) {
            return;
        }
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        headers.forEach(response::withHeader);
        boolean hasBody = body != null && !body.isEmpty();
        if (hasBody) {
            response.withBody(body);
        }
        SimpleResponse answer = response.build();

        Request.Method asked = methodOf(method); // null: an extension method (FOO), which no operation has
        // HEAD: the GET's status and headers, without the body (RFC 9110 §9.3.2).
        Request.Method operation = asked == Request.Method.HEAD ? Request.Method.GET : asked;
        ValidationReport report = operation == null ? null : VALIDATOR.validateResponse(path, operation, answer);
        if ((report == null || has(report, NOT_ALLOWED)) && status == 405) {
            for (Request.Method documented : DOCUMENTED_FIRST) {
                ValidationReport onDocumented = VALIDATOR.validateResponse(path, documented, answer);
                if (!has(onDocumented, NOT_ALLOWED)) {
                    operation = documented;
                    report = onDocumented;
                    break;
                }
            }
        }
        if (report == null) {
            return; // a method the path does not have, answered otherwise than 405 (OPTIONS): the spec says nothing
        }
        // JSON lines (an export) of zero lines is an empty body, and complete: OpenAPI 3.0 cannot say "may be empty".
        boolean noBodyToCheck = body == null || asked == Request.Method.HEAD || isJsonLines(headers);
        List<ValidationReport.Message> errors = report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> !(noBodyToCheck && BODY_MISSING.equals(m.getKey())))
                .toList();
        if (!errors.isEmpty()) {
            throw new AssertionError("openapi.yaml does not describe the answer to " + method + " " + abbreviated(target)
                    + (operation.name().equals(method) ? "" : " (checked as " + operation + ")") + ": " + status
                    + " " + headers + (hasBody ? " " + abbreviated(body) : "") + "\n"
                    + errors.stream().map(m -> "  " + m.getKey() + ": " + m.getMessage()
                            + (m.getAdditionalInfo().isEmpty() ? "" : " " + m.getAdditionalInfo()))
                    .collect(Collectors.joining("\n")));
        }
    }

    private static boolean isJsonLines(Map<String, String> headers) {
        return headers.entrySet().stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Content-Type")
                && h.getValue().toLowerCase(Locale.ROOT).startsWith("application/x-ndjson"));
    }

    private static boolean has(ValidationReport report, String key) {
        return report.getMessages().stream().anyMatch(m -> key.equals(m.getKey()));
    }

    private static String pathOf(String target) {
        int end = target.length();
        for (char c : new char[] {'?', '#'}) {
            int at = target.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return target.substring(0, end);
    }

    private static Request.Method methodOf(String method) {
        try {
            return Request.Method.valueOf(method.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
    }
}
