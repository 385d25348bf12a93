package io.presence.service.it;

import static io.presence.service.testing.TestNode.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.presence.api.Presence;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.TestCertificates;
import io.presence.service.testing.TestNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A center and leaves whose client ports and leafnode links run over TLS with certificates from a test CA. */
class NatsTlsIT {

    private static final String CREDENTIALS = "leafnodeUser: presence\nleafnodePassword: leaf-link-password-1\n";

    @RegisterExtension
    final NodesExtension nodes = new NodesExtension();

    @Test
    void aLeafWithACertificateFromTheCaJoinsAndOneFromAnotherCaIsRefused() throws Exception {
        TestCertificates ca = TestCertificates.newCa(nodes.dir("pki")).issue("center").issue("leaf");
        TestCertificates rogue = TestCertificates.newCa(nodes.dir("rogue-pki")).issue("leaf");
        // A leaf with a certificate (and CA) of its own: the right password, but not the deployment's CA.

        TestNode center = nodes.centerWithNats("leafnodeHost: 0.0.0.0\n" + CREDENTIALS + ca.natsTlsYaml("center"))
                .start();
        String conf = Files.readString(center.dataDir().resolve("nats-server.conf"));
        assertThat(conf).contains("verify: true", "cert_file", "ca_file");
        assertThat(center.put("tls-user", "{\"status\":\"online\"}").statusCode()).isEqualTo(200);

        TestNode leaf = nodes.leaf("leaf-a", center.leafnodeUrl(), CREDENTIALS + ca.natsTlsYaml("leaf")).start();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            HttpResponse<String> get = leaf.get("/api/v2/presence/tls-user");
            return get.statusCode() == 200 && read(get, Presence.class).userId().equals("tls-user");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> leaf.put("leaf-user", "{\"status\":\"away\"}")
                .statusCode() == 200);

        TestNode refused = nodes.leaf("leaf-r", center.leafnodeUrl(), CREDENTIALS + rogue.natsTlsYaml("leaf")).start();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            HttpResponse<String> health = refused.send(HttpRequest.newBuilder(refused.adminUri("/healthcheck")).GET());
            assertThat(health.statusCode()).isEqualTo(500);
            assertThat(health.body()).contains("hub unreachable").containsIgnoringCase("tls");
        });
        assertThat(refused.put("rogue-user", "{\"status\":\"online\"}").statusCode()).isEqualTo(503);
        assertThat(center.get("/api/v2/presence/rogue-user").statusCode()).isEqualTo(404);
        assertThat(center.send(HttpRequest.newBuilder(center.adminUri("/healthcheck")).GET()).statusCode())
                .isEqualTo(200);
    }
}
