package io.presence.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.presence.client.PresenceClientOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The connection mixin: servers and token. */
final class ConnectionOptions {

    /** The command this mixin is part of: to tell a typed --url from PRESENCE_URL. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--url", split = ",", paramLabel = "URL",
            defaultValue = "${env:PRESENCE_URL:-http://localhost:8080}",
            description = "Server base URL; repeat or comma-separate for failover (env PRESENCE_URL, "
                    + "default ${DEFAULT-VALUE}).")
    List<String> urls;

    @Option(names = "--token", paramLabel = "JWT", defaultValue = "${env:PRESENCE_TOKEN}",
            description = "Bearer token (env PRESENCE_TOKEN). Writes need one; reads too on a node with "
                    + "auth.publicReads: false.")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Read the bearer token from FILE.")
    Path tokenFile;

    /**
     * The SDK would refuse a bad URL as "baseUrl is not an http(s) URL", naming a setting the user never
     * saw; this names what they typed: {@code --url}, or {@code PRESENCE_URL} when the URL came from there.
     *
     * @return the URLs, stripped of surrounding blanks
     * @throws IllegalArgumentException (exit 2) for a URL that is empty or not http(s) with a host
     */
    List<String> checkedUrls() {
        boolean typed = mixee.commandLine().getParseResult().hasMatchedOption("--url");
        String source = typed ? "--url" : "PRESENCE_URL";
        List<String> checked = new ArrayList<>();
        for (String url : urls.isEmpty() ? List.of("") : urls) {
            String stripped = url.strip();
            if (stripped.isEmpty()) {
                throw new IllegalArgumentException(source + " is empty; give the server's base URL, e.g. "
                        + "http://localhost:8080" + (typed ? "" : ", or unset PRESENCE_URL for that default"));
            }
            if (BaseUrls.parse(stripped, source, "; give the token with --token or --token-file").isEmpty()) {
                throw new IllegalArgumentException(source + " '" + url + "' is not an http(s) URL with a host "
                        + "and no query, e.g. http://localhost:8080 or https://presence.example.com/prefix");
            }
            checked.add(stripped);
        }
        return checked;
    }

    /**
     * @return the token from {@code --token-file}, else {@code --token} or {@code PRESENCE_TOKEN}; trimmed,
     *         as a token read from a file ({@code PRESENCE_TOKEN="$(cat f)"} and the like) ends in a newline
     *         that the SDK refuses in a header
     */
    Optional<String> bearer() {
        String bearer = tokenFile != null ? InputFiles.read("token file", tokenFile) : token;
        Optional<String> trimmed = Optional.ofNullable(bearer).map(String::trim).filter(value -> !value.isEmpty());
        trimmed.ifPresent(this::checkPrintable);
        return trimmed;
    }

    /**
     * The SDK refuses such a token too, but as "token must be ..."; this says where it came from. The
     * character is named, never the token.
     */
    private void checkPrintable(String bearer) {
        for (int i = 0; i < bearer.length(); i++) {
            char c = bearer.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                String source = tokenFile != null ? "the token in " + tokenFile
                        : mixee.commandLine().getParseResult().hasMatchedOption("--token") ? "the --token value"
                        : "PRESENCE_TOKEN";
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s must be printable ASCII (a JWT is), found 0x%02x at index %d of %d", source, (int) c, i,
                        bearer.length()));
            }
        }
    }

    /**
     * The server's 401 says only that a valid token is required (it does not tell a caller why its token
     * failed); what the CLI can see itself, it adds: no token, an empty token file, an expired token.
     *
     * @param now the time to compare the token's {@code exp} with
     * @return why the token was refused, when that can be told without the key
     */
    Optional<String> whyUnauthorized(Clock now) {
        Optional<String> bearer = bearer();
        if (bearer.isEmpty()) {
            return Optional.of(tokenFile != null ? "the token file " + tokenFile + " is empty"
                    : "no token was given (--token, --token-file or env PRESENCE_TOKEN)");
        }
        return expiry(bearer.get()).filter(exp -> exp.isBefore(now.instant()))
                .map(exp -> "the token expired at " + exp + " (" + Table.ago(exp, now) + ")");
    }

    /** @return the {@code exp} claim of a JWT, read without verifying it (only to explain a 401) */
    static Optional<Instant> expiry(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return Optional.empty();
        }
        try {
            JsonNode exp = CliJson.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1])).path("exp");
            return exp.isNumber() ? Optional.of(Instant.ofEpochSecond(exp.asLong())) : Optional.empty();
        } catch (IOException | RuntimeException notAJwt) {
            return Optional.empty(); // an opaque token: nothing to add
        }
    }

    /** @return client options for these servers and token; the caller adds retries and the rest */
    PresenceClientOptions.Builder options() {
        PresenceClientOptions.Builder builder = PresenceClientOptions.builder().baseUrls(checkedUrls())
                .userAgent("presence-cli");
        bearer().ifPresent(builder::token);
        return builder;
    }
}
