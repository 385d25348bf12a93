package io.presence.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.api.ErrorResponse;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.TestNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** Dropwizard's tasks on the admin port, as an operator calls them with curl. */
class AdminTasksIT {

    @RegisterExtension
    static final NodesExtension nodes = new NodesExtension();
    static TestNode node;

    @BeforeAll
    static void startNode() {
        node = nodes.center().start();
    }

    private static HttpResponse<String> post(String pathAndQuery) {
        return node.send(HttpRequest.newBuilder(node.adminUri(pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** Dropwizard's task reads a level Logback lacks as DEBUG, and a root logger without one is a 500 inside it. */
    @Test
    void theLogLevelTaskTakesOnlyLevelsLogbackHas() throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.presence.probe");
        HttpResponse<String> set = post("/tasks/log-level?logger=io.presence.probe&level=warn");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(logger.getLevel()).hasToString("WARN");

        for (String query : new String[] {"logger=io.presence.probe&level=DEBG", "logger=io.presence.probe&level=false",
                "logger=io.presence.probe&level=WARN&level=LOUD", "logger=ROOT"}) {
            HttpResponse<String> refused = post("/tasks/log-level?" + query);
            assertThat(refused.statusCode()).as(query).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(TestNode.JSON.readValue(refused.body(), ErrorResponse.class).message()).as(query)
                    .containsAnyOf("is not one Logback has", "the root logger needs a level");
        }
        assertThat(logger.getLevel()).as("unchanged").hasToString("WARN");

        HttpResponse<String> inherit = post("/tasks/log-level?logger=io.presence.probe");
        assertThat(inherit.statusCode()).as(inherit.body()).isEqualTo(200);
        assertThat(logger.getLevel()).as("back to its parent's").isNull();
    }
}
