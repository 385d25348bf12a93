package io.presence.cli;

import io.presence.client.PresenceClient;
import io.presence.client.PresenceClientOptions;
import io.presence.client.RetryPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The connection mixin: servers, token, retries. */
final class ConnectionOptions {

    @Option(names = "--url", split = ",", paramLabel = "URL",
            defaultValue = "${env:PRESENCE_URL:-http://localhost:8080}",
            description = "Server base URL; repeat or comma-separate for failover (env PRESENCE_URL, "
                    + "default ${DEFAULT-VALUE}).")
    List<String> urls;

    @Option(names = "--token", paramLabel = "JWT", defaultValue = "${env:PRESENCE_TOKEN}",
            description = "Bearer token (env PRESENCE_TOKEN). Writes need one.")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Read the bearer token from FILE.")
    Path tokenFile;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
            description = "Attempts per call on 429/503/IO errors (default ${DEFAULT-VALUE}).")
    int retries;

    PresenceClient client() throws IOException {
        PresenceClientOptions.Builder builder = PresenceClientOptions.builder().baseUrls(urls)
                .retryPolicy(new RetryPolicy(retries, RetryPolicy.DEFAULT_BASE_BACKOFF,
                        RetryPolicy.DEFAULT_MAX_BACKOFF))
                .userAgent("presence-cli");
        String bearer = tokenFile != null ? Files.readString(tokenFile, StandardCharsets.UTF_8).trim() : token;
        if (bearer != null && !bearer.isBlank()) {
            builder.token(bearer);
        }
        return PresenceClient.create(builder.build());
    }
}
