package io.presence.cli;

import io.presence.client.PresenceClientOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The connection mixin: servers and token. */
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

    /**
     * @return the token from {@code --token-file}, else {@code --token} or {@code PRESENCE_TOKEN}; trimmed,
     *         as a token read from a file ({@code PRESENCE_TOKEN="$(cat f)"} and the like) ends in a newline
     *         that the SDK refuses in a header
     */
    Optional<String> bearer() {
        String bearer = tokenFile != null ? InputFiles.read("token file", tokenFile) : token;
        return Optional.ofNullable(bearer).map(String::trim).filter(value -> !value.isEmpty());
    }

    /** @return client options for these servers and token; the caller adds retries and the rest */
    PresenceClientOptions.Builder options() {
        PresenceClientOptions.Builder builder = PresenceClientOptions.builder().baseUrls(urls).userAgent("presence-cli");
        bearer().ifPresent(builder::token);
        return builder;
    }
}
