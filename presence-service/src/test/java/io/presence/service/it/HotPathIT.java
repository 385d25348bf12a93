package io.presence.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.api.ErrorDetail;
import io.presence.api.ErrorResponse;
import io.presence.service.http.ApiPaths;
import io.presence.service.servlet.UserPresenceEndpoint;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.TestNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One user's routes are served by {@link UserPresenceEndpoint} and by nothing else; the list and batch are
 * not. Asserted on what served each request (the endpoint's request meter), so deleting or bypassing the hot
 * path fails here, whatever the timing.
 */
class HotPathIT {

    @RegisterExtension
    static final NodesExtension nodes = new NodesExtension();
    static TestNode node;

    @BeforeAll
    static void startNode() {
        node = nodes.center().start();
    }

    @Test
    void everyOneUserRouteIsServedByTheEndpoint() {
        long before = served();

        assertThat(node.put("hot-1", "{\"status\":\"online\"}").statusCode()).isEqualTo(200);
        assertThat(node.get("/api/v2/presence/hot-1").statusCode()).isEqualTo(200);
        assertThat(node.send(HttpRequest.newBuilder(node.uri("/api/v2/presence/hot-1"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);
        assertThat(node.get("/api/v2/presence/nobody-hot").statusCode()).isEqualTo(404);
        assertThat(node.get("/api/v2/presence/bad%20id").statusCode()).isEqualTo(400);
        assertThat(node.send(HttpRequest.newBuilder(node.uri("/api/v2/presence/hot-1"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(405);
        assertThat(node.send(HttpRequest.newBuilder(node.uri("/api/v2/presence/hot-1/sessions/phone"))
                .header("Authorization", "Bearer " + TestNode.token("hot-1"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"busy\"}"))).statusCode()).isEqualTo(200);
        assertThat(node.get("/api/v2/presence/hot-1/sessions", "Authorization", "Bearer " + TestNode.token("hot-1"))
                .statusCode()).isEqualTo(200);
        assertThat(node.send(HttpRequest.newBuilder(node.uri("/api/v2/presence/hot-1/sessions/phone"))
                .header("Authorization", "Bearer " + TestNode.token("hot-1")).DELETE()).statusCode()).isEqualTo(200);
        assertThat(node.send(HttpRequest.newBuilder(node.uri("/api/v2/presence/hot-1"))
                .header("Authorization", "Bearer " + TestNode.token("hot-1")).DELETE()).statusCode()).isEqualTo(200);

        assertThat(served() - before).isEqualTo(10);
    }

    @Test
    void listBatchStreamAndBackupsAreNot() {
        long before = served();

        assertThat(node.get("/api/v2/presence?users=hot-1").statusCode()).isEqualTo(200);
        assertThat(node.post("/api/v2/presence/batch", "{\"userIds\":[\"hot-1\"]}").statusCode()).isEqualTo(200);
        assertThat(node.get("/api/v2/presence/batch").statusCode()).isEqualTo(405);
        assertThat(node.get("/api/v2/presence/stream", "Accept", "text/plain").statusCode()).isEqualTo(406);
        assertThat(node.get("/api/v2/presence/export").statusCode()).isEqualTo(401);
        assertThat(node.post("/api/v2/presence/import", "{}").statusCode()).isEqualTo(415);

        assertThat(served()).isEqualTo(before);
    }

    /**
     * {@code batch}, {@code stream}, {@code export} and {@code import} are endpoints alone, and ids no user can have
     * with a user's path below them: the 400 every id check gives, not a 404 that reads as a wrong base URL.
     */
    @Test
    void aReservedIdWithSessionsBelowIsTheUserIdsBadRequest() {
        String admin = "Bearer " + TestNode.token("ops", "presence:admin");
        for (String reserved : ApiPaths.ENDPOINT_SEGMENTS) {
            String sessions = "/api/v2/presence/" + reserved + "/sessions";
            ErrorResponse listed = badRequest(node.get(sessions, "Authorization", admin));
            assertThat(listed.details()).as(reserved).extracting(ErrorDetail::field).containsExactly("userId");
            ErrorResponse written = badRequest(node.send(HttpRequest.newBuilder(node.uri(sessions + "/x"))
                    .header("Authorization", admin).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"online\"}"))));
            assertThat(written.details()).as(reserved).extracting(ErrorDetail::field).containsExactly("userId");
            assertThat(node.send(HttpRequest.newBuilder(node.uri(sessions + "/x"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())).statusCode()).as(reserved).isEqualTo(400);
            assertThat(node.send(HttpRequest.newBuilder(node.uri(sessions + "/x")).header("Authorization", admin)
                    .DELETE()).statusCode()).as(reserved).isEqualTo(400);
        }
    }

    /** An endpoint's name sent percent-encoded gets one answer whichever endpoint it is, streams included. */
    @Test
    void anEndpointsNamePercentEncodedIsABadRequestSayingHowToSendIt() {
        String admin = "Bearer " + TestNode.token("ops", "presence:admin");
        for (String endpoint : ApiPaths.ENDPOINT_SEGMENTS) {
            String encoded = "%" + Integer.toHexString(endpoint.charAt(0)) + endpoint.substring(1);
            for (String method : List.of("GET", "POST", "PUT", "DELETE", "HEAD")) {
                HttpResponse<String> answer = node.send(HttpRequest.newBuilder(
                        node.uri("/api/v2/presence/" + encoded + "?users=alice")).header("Authorization", admin)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(method.equals("GET")
                                || method.equals("HEAD") ? "" : "{}")));
                assertThat(answer.statusCode()).as(method + " " + encoded).isEqualTo(400);
                if (!method.equals("HEAD")) {
                    assertThat(TestNode.read(answer, ErrorResponse.class).message()).as(method + " " + encoded)
                            .isEqualTo("the path segment '" + encoded + "' is an endpoint's name percent-encoded;"
                                    + " send the name as it is");
                }
            }
        }
    }

    private static ErrorResponse badRequest(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return TestNode.read(response, ErrorResponse.class);
    }

    private static long served() {
        return node.support().getEnvironment().metrics().counter(UserPresenceEndpoint.REQUESTS_METRIC).getCount();
    }
}
