package io.presence.service.it;

import static io.presence.service.testing.TestNode.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.jsonwebtoken.Jwts;
import io.presence.api.ErrorResponse;
import io.presence.api.Presence;
import io.presence.service.testing.TestNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node configured with only an RSA public key: RS256 tokens write, HS256 tokens are refused. */
class PublicKeyTokensIT {

    @TempDir
    Path dir;

    @Test
    void startsWithOnlyAPublicKeyAndAcceptsOnlyTokensItCanVerify() throws Exception {
        KeyPair rsa = Jwts.SIG.RS256.keyPair().build();
        Path pem = Files.writeString(dir.resolve("issuer.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        try (TestNode node = new TestNode(dir.resolve("node")).withAuth("""
                jwtSecret: ""
                publicKeyFile: %s
                issuer: https://id.example
                """.formatted(pem)).start()) {
            String rs256 = Jwts.builder().subject("alice").issuer("https://id.example")
                    .expiration(Date.from(Instant.now().plusSeconds(60)))
                    .signWith(rsa.getPrivate(), Jwts.SIG.RS256).compact();
            HttpResponse<String> put = node.put("alice", "{\"status\":\"online\"}", rs256);
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            assertThat(read(put, Presence.class).userId()).isEqualTo("alice");

            HttpResponse<String> hs256 = node.put("alice", "{\"status\":\"busy\"}", TestNode.token("alice"));
            assertThat(hs256.statusCode()).isEqualTo(401);
            ErrorResponse error = read(hs256, ErrorResponse.class);
            assertThat(error.code()).isEqualTo("unauthorized");
            assertThat(error.message()).doesNotContain(TestNode.token("alice").substring(0, 20));
        }
    }
}
