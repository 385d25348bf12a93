package io.presence.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.presence.api.Presence;
import io.presence.service.testing.ContractValidator;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.TestNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The API over Dropwizard's https connector, with a self-signed certificate made by keytool. */
class HttpsIT {

    private static final String PASSWORD = "test-keystore-password";

    @RegisterExtension
    final NodesExtension nodes = new NodesExtension();

    @TempDir
    Path dir;

    private Path selfSignedKeyStore() throws Exception {
        Path keyStore = dir.resolve("presence.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "presence",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.exitValue()).as(output).isZero();
        } finally {
            process.destroyForcibly();
        }
        return keyStore;
    }

    private static SSLContext trusting(Path keyStoreFile) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("presence", keyStore.getCertificate("presence"));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** A center whose application connector is https with {@code keyStore}. */
    private TestNode httpsNode(Path keyStore) {
        return nodes.center().applicationConnector("""
                type: https
                keyStorePath: %s
                keyStorePassword: %s
                keyStoreType: PKCS12
                supportedProtocols: [TLSv1.3, TLSv1.2]
                """.formatted(keyStore, PASSWORD)).start();
    }

    @Test
    void servesTheApiOverHttpsWithTheConfiguredCertificate() throws Exception {
        Path keyStore = selfSignedKeyStore();
        TestNode node = httpsNode(keyStore);
        URI uri = URI.create("https://127.0.0.1:" + node.support().getLocalPort() + "/api/v2/presence/tls-user");
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(keyStore))
                .connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> put = ContractValidator.check(client.send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestNode.token("tls-user"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"online\"}")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        HttpResponse<String> get = ContractValidator.check(client.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(TestNode.read(get, Presence.class).userId()).isEqualTo("tls-user");
        assertThat(get.sslSession()).hasValueSatisfying(
                session -> assertThat(List.of("TLSv1.3", "TLSv1.2")).contains(session.getProtocol()));

        HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }

    /** Over TLS too, a stream whose client closed its connection frees its slot at once, not at a heartbeat. */
    @Test
    void aStreamOverHttpsEndsWithinASecondOfItsClientClosing() throws Exception {
        Path keyStore = selfSignedKeyStore();
        TestNode node = httpsNode(keyStore);
        SSLSocket socket = (SSLSocket) trusting(keyStore).getSocketFactory()
                .createSocket("127.0.0.1", node.support().getLocalPort());
        try (socket) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /api/v2/presence/stream?users=tls HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] head = new byte[12];
            assertThat(socket.getInputStream().readNBytes(head, 0, head.length)).isEqualTo(head.length);
            assertThat(new String(head, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 200");
            await().atMost(Duration.ofSeconds(10)).until(() -> openStreams(node) == 1);
        }
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10)).until(() -> openStreams(node) == 0);
    }

    private static int openStreams(TestNode node) {
        return (Integer) node.support().getEnvironment().metrics().getGauges().get("stream.open").getValue();
    }
}
