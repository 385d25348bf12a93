package io.presence.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.service.servlet.UserPresenceEndpoint;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.TestNode;
import java.net.http.HttpRequest;
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

    private static long served() {
        return node.support().getEnvironment().metrics().counter(UserPresenceEndpoint.REQUESTS_METRIC).getCount();
    }
}
