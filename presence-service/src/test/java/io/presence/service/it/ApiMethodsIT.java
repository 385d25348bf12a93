package io.presence.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.api.ErrorCodes;
import io.presence.api.ErrorResponse;
import io.presence.service.errors.RawHttp;
import io.presence.service.http.ApiMethods;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.TestNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every 405 on an API path carries {@code Allow} (RFC 9110), whoever refuses the method: Jersey,
 * Dropwizard's allowed-methods filter (TRACE, unknown methods) or the stream servlet; and
 * {@link ApiMethods} names what Jersey itself answers to {@code OPTIONS}.
 */
class ApiMethodsIT {

    private static final List<String> API_PATHS = List.of("/api/v2/presence", "/api/v2/presence/batch",
            "/api/v2/presence/alice", "/api/v2/presence/alice/sessions", "/api/v2/presence/alice/sessions/phone",
            "/api/v2/presence/stream", "/api/v2/presence/export", "/api/v2/presence/import");

    @RegisterExtension
    static final NodesExtension nodes = new NodesExtension();
    static TestNode node;

    @BeforeAll
    static void startNode() {
        node = nodes.center().start();
    }

    private static RawHttp.RawResponse send(String method, String path) throws IOException {
        return send(method, path, "{\"status\":\"online\"}");
    }

    private static RawHttp.RawResponse send(String method, String path, String body) throws IOException {
        return RawHttp.exchange(node.support().getLocalPort(), method + " " + path
                + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestNode.token("alice")
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\nConnection: close", body.getBytes(StandardCharsets.UTF_8));
    }

    /** The methods an Allow header names. */
    private static Set<String> methods(String allow) {
        assertThat(allow).as("Allow").isNotNull();
        return Arrays.stream(allow.split(",")).map(String::trim).collect(Collectors.toSet());
    }

    /** One spelling of Allow on every path, whoever answers: the methods in alphabetical order, ", " between. */
    @Test
    void theTableIsWhatJerseyAnswersToOptions() throws IOException {
        for (String path : List.of("/api/v2/presence", "/api/v2/presence/batch", "/api/v2/presence/alice",
                "/api/v2/presence/export", "/api/v2/presence/import")) {
            RawHttp.RawResponse options = send("OPTIONS", path);
            assertThat(options.status()).as(path).isEqualTo(200);
            assertThat(options.header("Allow")).as(path).isEqualTo(ApiMethods.allowFor(path).orElseThrow());
        }
    }

    /** Every path answers OPTIONS alike: Allow, no body, no type; Jersey's own listed the methods as text. */
    @Test
    void optionsIsAllowAloneOnEveryPath() throws IOException {
        for (String path : API_PATHS) {
            for (String accept : List.of("*/*", "text/html", "application/vnd.sun.wadl+xml")) {
                RawHttp.RawResponse options = RawHttp.exchange(node.support().getLocalPort(), "OPTIONS " + path
                        + " HTTP/1.1\r\nHost: x\r\nAccept: " + accept + "\r\nConnection: close", new byte[0]);
                assertThat(options.status()).as(path).isEqualTo(200);
                assertThat(options.header("Allow")).as(path).isNotBlank();
                assertThat(options.body()).as(path + " " + accept).isEmpty();
                assertThat(options.header("Content-Type")).as(path + " " + accept).isNull();
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"TRACE", "FOO", "DELETE", "PATCH"})
    void everyRefusedMethodOnEveryApiPathIsA405WithAllow(String method) throws IOException {
        for (String path : API_PATHS.stream().filter(path -> !methods(ApiMethods.allowFor(path).orElseThrow())
                .contains(method)).toList()) {
            RawHttp.RawResponse response = send(method, path);
            assertThat(response.status()).as(method + " " + path).isEqualTo(405);
            assertThat(TestNode.JSON.readValue(response.body(), ErrorResponse.class).code())
                    .isEqualTo(ErrorCodes.METHOD_NOT_ALLOWED);
            assertThat(response.header("Allow")).as(method + " " + path)
                    .isEqualTo(ApiMethods.allowFor(path).orElseThrow());
            assertThat(methods(response.header("Allow"))).as(method + " " + path).doesNotContain(method);
        }
    }

    /** OPTIONS of a path no user or session can have is the 400 every other method of it gets, not its Allow. */
    @Test
    void optionsOfAnIdNoUserCanHaveIsRefusedAsTheIdItIs() throws IOException {
        for (String[] pathAndField : new String[][] {{"/api/v2/presence/alice%20", "userId"},
                {"/api/v2/presence/alice%20/sessions", "userId"},
                {"/api/v2/presence/alice/sessions/phone%20", "sessionId"}}) {
            RawHttp.RawResponse options = send("OPTIONS", pathAndField[0]);
            assertThat(options.status()).as(pathAndField[0]).isEqualTo(400);
            ErrorResponse error = TestNode.JSON.readValue(options.body(), ErrorResponse.class);
            assertThat(error.details()).as(pathAndField[0]).anySatisfy(detail ->
                    assertThat(detail.field()).isEqualTo(pathAndField[1]));
        }
        assertThat(send("OPTIONS", "/api/v2/presence/alice/sessions/phone").status()).isEqualTo(200);
    }

    @Test
    void theStreamAnswersOptionsAndRefusesEverythingButGetAndHead() throws IOException {
        RawHttp.RawResponse options = send("OPTIONS", "/api/v2/presence/stream?users=a");
        assertThat(options.status()).isEqualTo(200);
        assertThat(methods(options.header("Allow"))).containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS");
        for (String method : List.of("POST", "PUT", "PATCH")) {
            RawHttp.RawResponse response = send(method, "/api/v2/presence/stream?users=a");
            assertThat(response.status()).as(method).isEqualTo(405);
            assertThat(methods(response.header("Allow"))).containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS");
        }
    }

    @Test
    void theBackupPathsReadAsUserIdsAreTheirEndpointsMethods() throws IOException {
        for (String method : List.of("PUT", "POST")) {
            RawHttp.RawResponse response = send(method, "/api/v2/presence/export");
            assertThat(response.status()).as(method).isEqualTo(405);
            assertThat(methods(response.header("Allow"))).containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS");
        }
        for (String method : List.of("GET", "PUT")) {
            RawHttp.RawResponse response = send(method, "/api/v2/presence/import");
            assertThat(response.status()).as(method).isEqualTo(405);
            assertThat(methods(response.header("Allow"))).containsExactlyInAnyOrder("POST", "OPTIONS");
        }
    }

    @Test
    void batchReadAsAUserIdIsTheBatchPathsMethodsNotABadId() throws IOException {
        // Whatever the body: the method is what is wrong.
        for (String method : List.of("GET", "PUT")) {
            RawHttp.RawResponse response = send(method, "/api/v2/presence/batch", "{\"userIds\":[\"a\"]}");
            assertThat(response.status()).as(method).isEqualTo(405);
            assertThat(methods(response.header("Allow"))).containsExactlyInAnyOrder("POST", "OPTIONS");
            assertThat(response.body()).contains("allowed: ");
        }
    }

    /** Jersey serves its paths with a "/" after them too: those refuse a method as the paths themselves do. */
    @ParameterizedTest
    @CsvSource({"TRACE", "FOO", "DELETE"})
    void jerseysPathsWithASlashAfterThemRefuseAMethodWithTheirAllow(String method) throws IOException {
        for (String path : List.of("/api/v2/presence/", "/api/v2/presence/batch/", "/api/v2/presence/export/",
                "/api/v2/presence/import/")) {
            RawHttp.RawResponse response = send(method, path);
            assertThat(response.status()).as(method + " " + path).isEqualTo(405);
            assertThat(response.header("Allow")).as(method + " " + path)
                    .isEqualTo(ApiMethods.allowFor(path.substring(0, path.length() - 1)).orElseThrow());
        }
    }

    /**
     * Where nothing is served, every method is the same 404: the allowed-methods filter's 405 for TRACE or an
     * unknown method would owe an Allow naming the methods of a resource that does not exist (RFC 9110).
     */
    @ParameterizedTest
    @CsvSource({"TRACE", "FOO", "DELETE", "GET"})
    void aPathNothingIsServedAtIsA404WhateverTheMethod(String method) throws IOException {
        for (String path : List.of("/nothing", "/api/v2", "/api/v2/presence/alice/", "/openapi.yaml/")) {
            RawHttp.RawResponse response = send(method, path);
            assertThat(response.status()).as(method + " " + path).isEqualTo(404);
            ErrorResponse error = TestNode.JSON.readValue(response.body(), ErrorResponse.class);
            assertThat(error.code()).isEqualTo(ErrorCodes.NOT_FOUND);
            assertThat(error.message()).isEqualTo("no resource at " + method + " " + path);
            assertThat(response.header("Allow")).as(method + " " + path).isNull();
        }
    }

    /** A HEAD is answered without content (RFC 9110 9.3.2), also where Jetty refuses the path before any route. */
    @Test
    void aHeadIsAnsweredWithoutContentWhoeverRefusesIt() throws IOException {
        for (String path : List.of("/api/v2/presence/%2F", "/api/v2/presence/a%5Cb", "/api/v2/presence/%ff",
                "//alice", "/nothing", "/api/v2/presence/%62atch")) {
            RawHttp.RawResponse response = RawHttp.exchange(node.support().getLocalPort(), "HEAD " + path
                    + " HTTP/1.1\r\nHost: x\r\nConnection: close");
            assertThat(response.status()).as(path).isBetween(400, 499);
            assertThat(response.header("Content-Type")).as(path).isEqualTo("application/json");
            assertThat(response.body()).as(path).isEmpty();
        }
    }
}
