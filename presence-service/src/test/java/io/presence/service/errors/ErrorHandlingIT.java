package io.presence.service.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.presence.api.ErrorCodes;
import io.presence.api.ErrorDetail;
import io.presence.api.ErrorResponse;
import io.presence.api.PresenceLimits;
import io.presence.api.PresenceStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every error over real HTTP is the one JSON shape with the right status. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ErrorHandlingIT {

    private static final DropwizardAppExtension<ErrorTestConfiguration> APP = new DropwizardAppExtension<>(
            ErrorTestApp.class, ResourceHelpers.resourceFilePath("errors/error-test.yml"));
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final String JSON = "application/json";

    // ---- routing: 404, 405, 406, 415 ----

    @Test
    void unknownPathIsJson404() throws Exception {
        ErrorResponse error = assertError(get("/nope"), 404, ErrorCodes.NOT_FOUND);
        assertThat(error.message()).isEqualTo("no resource at GET /nope");
    }

    @Test
    void acceptHtmlStillGetsJson() throws Exception {
        assertError(send("GET", "/nope", null, null, "Accept", "text/html"), 404, ErrorCodes.NOT_FOUND);
    }

    @Test
    void wrongMethodIs405KeepingAllow() throws Exception {
        RawHttp.RawResponse response = send("DELETE", "/things/alice", null, null);
        ErrorResponse error = assertError(response, 405, ErrorCodes.METHOD_NOT_ALLOWED);
        // With HEAD, which Jersey answers for every GET but leaves out of its own 405s.
        assertThat(response.header("Allow")).isEqualTo(ErrorTestApp.THINGS_ALLOW);
        assertThat(error.message()).isEqualTo("method not allowed: DELETE /things/alice; allowed: "
                + ErrorTestApp.THINGS_ALLOW);
    }

    @Test
    void methodRefusedByDropwizardFilterIsJson405() throws Exception {
        RawHttp.RawResponse response = RawHttp.exchange(port(), "TRACE /things/alice HTTP/1.1\r\nHost: x\r\nConnection: close");
        ErrorResponse error = assertError(response, 405, ErrorCodes.METHOD_NOT_ALLOWED);
        assertThat(response.header("Allow")).isEqualTo(ErrorTestApp.THINGS_ALLOW);
        assertThat(error.message()).isEqualTo("method not allowed: TRACE /things/alice; allowed: " + ErrorTestApp.THINGS_ALLOW);
    }

    /** A target Jetty cannot parse gets only "Bad Request" from Jetty: the answer says where such requests go wrong. */
    @Test
    void anUnparsableTargetSaysWhatAValidOneIs() throws Exception {
        for (String target : new String[] {"/things/a%ZZ", "/things/a%00b", "/things/a%"}) {
            RawHttp.RawResponse response = RawHttp.exchange(port(), "GET " + target
                    + " HTTP/1.1\r\nHost: x\r\nConnection: close");
            ErrorResponse error = assertError(response, 400, ErrorCodes.INVALID_REQUEST);
            assertThat(error.message()).as(target).startsWith("the request is not valid HTTP/1.1: check its request"
                    + " line (a method, a target whose every '%' begins two hexadecimal digits");
        }
    }

    /** RFC 9110 §15.6.6: an HTTP version the server does not speak is a 505, said in words a client can act on. */
    @Test
    void anUnknownHttpVersionIsA505ThatSaysWhichToSend() throws Exception {
        for (String version : new String[] {"HTTP/9.9", "HTTP/1.2"}) {
            RawHttp.RawResponse response = RawHttp.exchange(port(), "GET /things/alice " + version
                    + "\r\nHost: x\r\nConnection: close");
            ErrorResponse error = assertError(response, 505, ErrorCodes.INVALID_REQUEST);
            assertThat(error.message()).isEqualTo("HTTP version not supported: send HTTP/1.1");
        }
    }

    @Test
    void methodRefusedByDropwizardFilterOnAPathTheAppDoesNotServeIsItsNotFound() throws Exception {
        RawHttp.RawResponse response = RawHttp.exchange(port(), "TRACE /nope HTTP/1.1\r\nHost: x\r\nConnection: close");
        ErrorResponse error = assertError(response, 404, ErrorCodes.NOT_FOUND);
        assertThat(error.message()).isEqualTo("no resource at TRACE /nope");
        assertThat(response.header("Allow")).isNull();
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        ErrorResponse error = assertError(send("PUT", "/things/alice", "text/plain", "online"),
                415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE);
        assertThat(error.message()).contains("text/plain");
    }

    @Test
    void unacceptableAcceptIs406() throws Exception {
        assertError(send("GET", "/things/alice", null, null, "Accept", "application/xml"),
                406, ErrorCodes.NOT_ACCEPTABLE);
    }

    // ---- JSON bodies ----

    @Test
    void malformedJsonIs400() throws Exception {
        ErrorResponse error = assertError(put("/things/alice", "{\"status\": "), 400, ErrorCodes.INVALID_REQUEST);
        assertThat(error.message()).startsWith("malformed JSON: ").doesNotContain("Source");
    }

    @Test
    void garbageJsonIs400() throws Exception {
        ErrorResponse error = assertError(put("/things/alice", "{\"status\": online}"), 400, ErrorCodes.INVALID_REQUEST);
        assertThat(error.message()).startsWith("malformed JSON: ").contains("line 1");
    }

    @Test
    void trailingGarbageIs400() throws Exception {
        assertError(put("/things/alice", "{\"status\":\"online\"} x"), 400, ErrorCodes.INVALID_REQUEST);
    }

    @Test
    void unknownFieldIs400NamingIt() throws Exception {
        ErrorResponse error = assertError(put("/things/alice", "{\"status\":\"online\",\"mood\":\"meh\"}"),
                400, ErrorCodes.INVALID_REQUEST);
        assertThat(error.details()).containsExactly(new ErrorDetail("mood", "unknown field"));
    }

    @Test
    void badEnumIs400ListingAllowedValues() throws Exception {
        ErrorResponse error = assertError(put("/things/alice", "{\"status\":\"sleeping\"}"),
                400, ErrorCodes.INVALID_REQUEST);
        assertThat(error.details()).singleElement().satisfies(detail -> {
            assertThat(detail.field()).isEqualTo("status");
            assertThat(detail.message()).contains(PresenceStatus.ALLOWED_VALUES);
        });
    }

    @Test
    void numberForEnumIs400() throws Exception {
        ErrorResponse error = assertError(put("/things/alice", "{\"status\":1}"), 400, ErrorCodes.INVALID_REQUEST);
        assertThat(error.details()).extracting(ErrorDetail::field).containsExactly("status");
    }

    @Test
    void wrongTypeIs400NamingTheField() throws Exception {
        ErrorResponse error = assertError(put("/things/alice", "{\"status\":\"online\",\"ttlSeconds\":\"abc\"}"),
                400, ErrorCodes.INVALID_REQUEST);
        assertThat(error.details()).containsExactly(new ErrorDetail("ttlSeconds", "must be an integer"));
    }

    /** Well-formed JSON whose number no 64-bit integer holds: the field is named, not "malformed JSON". */
    @Test
    void aNumberPastTheFieldsRangeIs400NamingTheField() throws Exception {
        for (String ttl : new String[] {"9223372036854775808", "-9223372036854775809", "1" + "0".repeat(40)}) {
            ErrorResponse error = assertError(put("/things/alice", "{\"status\":\"online\",\"ttlSeconds\":" + ttl + "}"),
                    400, ErrorCodes.INVALID_REQUEST);
            assertThat(error.details()).as(ttl)
                    .containsExactly(new ErrorDetail("ttlSeconds", "is out of range of a 64-bit integer"));
        }
    }

    @Test
    void numberOrBooleanForStringIs400() throws Exception {
        for (String message : new String[] {"123", "1.5", "true"}) {
            ErrorResponse error = assertError(put("/things/alice", "{\"status\":\"online\",\"message\":" + message + "}"),
                    400, ErrorCodes.INVALID_REQUEST);
            assertThat(error.details()).containsExactly(new ErrorDetail("message", "must be a string"));
        }
    }

    @Test
    void numberForIdInListIs400() throws Exception {
        ErrorResponse error = assertError(post("/things/batch", "{\"userIds\":[\"alice\",2]}"),
                400, ErrorCodes.INVALID_REQUEST);
        assertThat(error.details()).containsExactly(new ErrorDetail("userIds[1]", "must be a string"));
    }

    @Test
    void fractionForIntegerIs400() throws Exception {
        ErrorResponse error = assertError(put("/things/alice", "{\"status\":\"online\",\"ttlSeconds\":1.5}"),
                400, ErrorCodes.INVALID_REQUEST);
        assertThat(error.details()).extracting(ErrorDetail::field).containsExactly("ttlSeconds");
    }

    @Test
    void stringWhereObjectExpectedIs400() throws Exception {
        ErrorResponse error = assertError(post("/things/batch", "\"alice\""), 400, ErrorCodes.INVALID_REQUEST);
        assertThat(error.details()).containsExactly(new ErrorDetail("body", "must be an object"));
    }

    @Test
    void stringWhereArrayExpectedIs400() throws Exception {
        ErrorResponse error = assertError(post("/things/batch", "{\"userIds\":\"alice\"}"),
                400, ErrorCodes.INVALID_REQUEST);
        assertThat(error.details()).containsExactly(new ErrorDetail("userIds", "must be an array"));
    }

    @Test
    void objectInsideArrayIs400WithIndex() throws Exception {
        ErrorResponse error = assertError(post("/things/batch", "{\"userIds\":[\"a\",\"b\",\"c\",{}]}"),
                400, ErrorCodes.INVALID_REQUEST);
        assertThat(error.details()).containsExactly(new ErrorDetail("userIds[3]", "must be a string"));
    }

    @Test
    void deepNestingIs400() throws Exception {
        assertError(post("/things/echo", "[".repeat(10_000)), 400, ErrorCodes.INVALID_REQUEST);
        String nested = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
        ErrorResponse error = assertError(post("/things/echo", nested), 400, ErrorCodes.INVALID_REQUEST);
        assertThat(error.message()).contains("nesting too deep");
    }

    @Test
    void emptyBodyIs400() throws Exception {
        ErrorResponse error = assertError(put("/things/alice", ""), 400, ErrorCodes.INVALID_REQUEST);
        assertThat(error.details()).extracting(ErrorDetail::field).containsExactly("body");
    }

    @Test
    void nullBodyIs400BodyRequired() throws Exception {
        ErrorResponse error = assertError(put("/things/alice", "null"), 400, ErrorCodes.INVALID_REQUEST);
        assertThat(error.message()).isEqualTo("request body is required");
        assertThat(error.details()).containsExactly(new ErrorDetail("body", "is required"));
    }

    @Test
    void validBodyStillWorks() throws Exception {
        RawHttp.RawResponse response = put("/things/alice", "{\"status\":\"away\",\"message\":\"lunch\"}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"away\"");
    }

    // ---- body size ----

    @Test
    void bodyOverLimitWithContentLengthIs413() throws Exception {
        byte[] body = oversizedBody();
        RawHttp.RawResponse response = RawHttp.exchange(port(), "PUT /things/alice HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " + body.length, body);
        assertError(response, 413, ErrorCodes.PAYLOAD_TOO_LARGE);
    }

    @Test
    void chunkedBodyOverLimitIs413() throws Exception {
        RawHttp.RawResponse response = RawHttp.exchange(port(), "PUT /things/alice HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nConnection: close\r\nTransfer-Encoding: chunked",
                RawHttp.chunked(oversizedBody(), 4096));
        assertError(response, 413, ErrorCodes.PAYLOAD_TOO_LARGE);
    }

    @Test
    void chunkedBodyUnderLimitIsAccepted() throws Exception {
        byte[] body = "{\"status\":\"busy\"}".getBytes(StandardCharsets.UTF_8);
        RawHttp.RawResponse response = RawHttp.exchange(port(), "PUT /things/alice HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nConnection: close\r\nTransfer-Encoding: chunked",
                RawHttp.chunked(body, 5));
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void truncatedBodyIs400() throws Exception {
        RawHttp.RawResponse response = RawHttp.exchangeHalfClosed(port(), "PUT /things/alice HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nConnection: close\r\nContent-Length: 100",
                "{\"status\":".getBytes(StandardCharsets.UTF_8));
        assertError(response, 400, ErrorCodes.INVALID_REQUEST);
    }

    @Test
    void badChunkEncodingIs400() throws Exception {
        RawHttp.RawResponse response = RawHttp.exchange(port(), "PUT /things/alice HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nConnection: close\r\nTransfer-Encoding: chunked",
                "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertError(response, 400, ErrorCodes.INVALID_REQUEST);
    }

    // ---- Bean Validation ----

    @Test
    void messageTooLongIs422NamingMessage() throws Exception {
        String message = "x".repeat(PresenceLimits.MAX_MESSAGE_LENGTH + 1);
        ErrorResponse error = assertError(put("/things/alice", "{\"status\":\"online\",\"message\":\"" + message + "\"}"),
                422, ErrorCodes.VALIDATION_FAILED);
        assertThat(error.details()).extracting(ErrorDetail::field).containsExactly("message");
    }

    @Test
    void severalViolationsAreAllReported() throws Exception {
        ErrorResponse error = assertError(put("/things/a%20b", "{\"status\":\"online\",\"message\":\"a\\nb\",\"ttlSeconds\":-1}"),
                422, ErrorCodes.VALIDATION_FAILED);
        assertThat(error.details()).extracting(ErrorDetail::field).containsExactly("message", "ttlSeconds", "userId");
        assertThat(error.message()).startsWith("3 invalid fields");
    }

    @Test
    void invalidPathParamIs422NamingIt() throws Exception {
        ErrorResponse error = assertError(get("/things/a%20b"), 422, ErrorCodes.VALIDATION_FAILED);
        assertThat(error.details()).extracting(ErrorDetail::field).containsExactly("userId");
    }

    @Test
    void invalidListElementIs422WithIndex() throws Exception {
        ErrorResponse error = assertError(post("/things/batch", "{\"userIds\":[\"a\",\"b\",\"bad id\"]}"),
                422, ErrorCodes.VALIDATION_FAILED);
        assertThat(error.details()).extracting(ErrorDetail::field).containsExactly("userIds[2]");
    }

    @Test
    void missingQueryParamIs422NamingIt() throws Exception {
        ErrorResponse error = assertError(get("/things/search"), 422, ErrorCodes.VALIDATION_FAILED);
        assertThat(error.details()).extracting(ErrorDetail::field).containsExactly("users");
    }

    @Test
    void unconvertibleQueryParamIs400NamingIt() throws Exception {
        ErrorResponse error = assertError(get("/things/search?users=a&limit=abc"), 400, ErrorCodes.INVALID_REQUEST);
        assertThat(error.details()).extracting(ErrorDetail::field).containsExactly("limit");
    }

    // ---- domain exceptions ----

    @Test
    void storeUnavailableIs503WithRetryAfter() throws Exception {
        RawHttp.RawResponse response = get("/things/fail/unavailable");
        ErrorResponse error = assertError(response, 503, ErrorCodes.UNAVAILABLE);
        assertThat(response.header("Retry-After")).isEqualTo("2");
        assertThat(error.message()).doesNotContain("10.1.2.3");
    }

    @Test
    void domainExceptionsHaveTheirStatus() throws Exception {
        assertError(get("/things/fail/conflict"), 412, ErrorCodes.PRECONDITION_FAILED);
        assertError(get("/things/fail/notfound"), 404, ErrorCodes.NOT_FOUND);
        assertError(get("/things/fail/forbidden"), 403, ErrorCodes.FORBIDDEN);
        ErrorResponse unprocessable = assertError(get("/things/fail/unprocessable"), 422, ErrorCodes.VALIDATION_FAILED);
        assertThat(unprocessable.details()).containsExactly(new ErrorDetail("ttlSeconds", "must be at most 3600"));
        ErrorResponse malformed = assertError(get("/things/fail/malformed"), 400, ErrorCodes.INVALID_REQUEST);
        assertThat(malformed.details()).containsExactly(new ErrorDetail("users", "must not be empty"));
    }

    @Test
    void runtimeExceptionIs500WithoutDetails() throws Exception {
        RawHttp.RawResponse response = get("/things/fail/runtime");
        ErrorResponse error = assertError(response, 500, ErrorCodes.INTERNAL);
        assertThat(response.body()).doesNotContain("secret internal detail", "IllegalState");
        assertThat(error.message()).matches("internal server error; report errorId [0-9a-f]{16}");
    }

    @Test
    void serverSideIoExceptionIs500() throws Exception {
        RawHttp.RawResponse response = get("/things/fail/io");
        assertError(response, 500, ErrorCodes.INTERNAL);
        assertThat(response.body()).doesNotContain("disk on fire");
    }

    @Test
    void earlyEofIs400() throws Exception {
        assertError(get("/things/fail/eof"), 400, ErrorCodes.INVALID_REQUEST);
    }

    @Test
    void webApplicationExceptionsKeepMessagesAndHeaders() throws Exception {
        ErrorResponse custom = assertError(get("/things/fail/custom400"), 400, ErrorCodes.INVALID_REQUEST);
        assertThat(custom.message()).isEqualTo("users must be comma separated");
        RawHttp.RawResponse unavailable = get("/things/fail/wae503");
        assertError(unavailable, 503, ErrorCodes.UNAVAILABLE);
        assertThat(unavailable.header("Retry-After")).isEqualTo("30");
        RawHttp.RawResponse internal = get("/things/fail/wae500");
        assertError(internal, 500, ErrorCodes.INTERNAL);
        assertThat(internal.body()).doesNotContain("db broke");
    }

    @Test
    void plainTextErrorResponsesBecomeJson() throws Exception {
        ErrorResponse conflict = assertError(get("/things/raw/409?text=already%20there"), 409, ErrorCodes.INVALID_REQUEST);
        assertThat(conflict.message()).isEqualTo("already there");
        ErrorResponse empty = assertError(get("/things/raw/404"), 404, ErrorCodes.NOT_FOUND);
        assertThat(empty.message()).isEqualTo("no resource at GET /things/raw/404");
        ErrorResponse html = assertError(get("/things/raw/400?text=%3Chtml%3Eoops"), 400, ErrorCodes.INVALID_REQUEST);
        assertThat(html.message()).isEqualTo("bad request to GET /things/raw/400");
        assertError(get("/things/raw/500?text=boom"), 500, ErrorCodes.INTERNAL);
        assertThat(get("/things/raw/204").status()).isEqualTo(204);
    }

    // ---- auth ----

    @Test
    void missingTokenIs401WithChallenge() throws Exception {
        RawHttp.RawResponse response = get("/things/secret");
        assertError(response, 401, ErrorCodes.UNAUTHORIZED);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void roleNotGrantedIs403() throws Exception {
        assertError(send("GET", "/things/secret", null, null, "Authorization", "Bearer " + ErrorTestApp.GOOD_TOKEN),
                403, ErrorCodes.FORBIDDEN);
    }

    // ---- errors Jetty raises before Jersey ----

    @Test
    void badPercentEncodingIsJson400() throws Exception {
        RawHttp.RawResponse response = RawHttp.exchange(port(), "GET /api/v2/presence/%zz HTTP/1.1\r\nHost: x\r\nConnection: close");
        assertError(response, 400, ErrorCodes.INVALID_REQUEST);
    }

    @Test
    void badPercentEncodingOnPutIsJson400() throws Exception {
        RawHttp.RawResponse response = RawHttp.exchange(port(),
                "PUT /things/%zz HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nContent-Length: 0\r\nConnection: close");
        assertError(response, 400, ErrorCodes.INVALID_REQUEST);
    }

    @Test
    void ambiguousPathIsJson400() throws Exception {
        RawHttp.RawResponse response = RawHttp.exchange(port(), "GET /things/..;/x HTTP/1.1\r\nHost: x\r\nConnection: close");
        assertError(response, 400, ErrorCodes.INVALID_REQUEST);
    }

    @Test
    void hugeHeaderIsJson431() throws Exception {
        RawHttp.RawResponse response = RawHttp.exchange(port(), "GET /things/alice HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "X-Big: " + "a".repeat(100_000));
        assertError(response, 431, ErrorCodes.INVALID_REQUEST);
    }

    @Test
    void hugeUriIsJson414() throws Exception {
        RawHttp.RawResponse response = RawHttp.exchange(port(), "GET /things/" + "a".repeat(20_000)
                + " HTTP/1.1\r\nHost: x\r\nConnection: close");
        assertError(response, 414, ErrorCodes.INVALID_REQUEST);
    }

    @Test
    void unknownHttpVersionIsJson() throws Exception {
        RawHttp.RawResponse response = RawHttp.exchange(port(), "GET /things/alice HTTP/9.9\r\nHost: x\r\nConnection: close");
        assertThat(response.status()).isIn(400, 505);
        assertError(response, response.status(), ErrorCodes.INVALID_REQUEST);
    }

    @Test
    void servletFailureOutsideJerseyIsJson500() throws Exception {
        RawHttp.RawResponse response = get("/servlet/x");
        assertError(response, 500, ErrorCodes.INTERNAL);
        assertThat(response.body()).doesNotContain("exploded");
    }

    @Test
    void servletSendErrorIsJson() throws Exception {
        ErrorResponse error = assertError(send("GET", "/servlet/send", null, null,
                "Accept", "text/html"), 409, ErrorCodes.INVALID_REQUEST);
        assertThat(error.message()).isEqualTo("already exists");
    }

    @Test
    void adminConnectorErrorsAreJsonToo() throws Exception {
        RawHttp.RawResponse response = RawHttp.exchange(APP.getAdminPort(), "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close");
        assertError(response, 404, ErrorCodes.NOT_FOUND);
    }

    // ---- helpers ----

    private static byte[] oversizedBody() {
        byte[] body = new byte[PresenceLimits.MAX_BODY_BYTES + 1];
        Arrays.fill(body, (byte) ' ');
        byte[] json = "{\"status\":\"online\"}".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(json, 0, body, 0, json.length);
        return body;
    }

    private static int port() {
        return APP.getLocalPort();
    }

    private static RawHttp.RawResponse get(String path) throws Exception {
        return send("GET", path, null, null);
    }

    private static RawHttp.RawResponse put(String path, String json) throws Exception {
        return send("PUT", path, JSON, json);
    }

    private static RawHttp.RawResponse post(String path, String json) throws Exception {
        return send("POST", path, JSON, json);
    }

    private static RawHttp.RawResponse send(String method, String path, String contentType, String body,
                                            String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> flat = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) ->
                flat.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        return new RawHttp.RawResponse(response.statusCode(), flat, response.body());
    }

    private static ErrorResponse assertError(RawHttp.RawResponse response, int status, String code) throws IOException {
        assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as("content type").startsWith(JSON);
        assertThat(response.body()).doesNotContainIgnoringCase("<html").doesNotContain("Exception", "at io.");
        ErrorResponse error = MAPPER.readValue(response.body(), ErrorResponse.class);
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.message()).isNotBlank();
        return error;
    }
}
