package io.presence.cli;

import java.util.Optional;
import okhttp3.HttpUrl;

/** A base URL checked as the SDK takes it: OkHttp's {@code HttpUrl}, which accepts a host such as presence_1. */
final class BaseUrls {

    private BaseUrls() {
    }

    /**
     * @param source  what the user set ({@code --url}, {@code PRESENCE_URL}, ...), to name in the message
     * @param instead said after a refused user or password, e.g. where a token goes instead
     * @return the URL, or empty when it is not an http(s) URL with a host and no query or fragment
     * @throws IllegalArgumentException for a user or password in it (OkHttp never sends them); the message
     *                                  shows the URL redacted, so the password is not echoed
     */
    static Optional<HttpUrl> parse(String url, String source, String instead) {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed != null && (!parsed.username().isEmpty() || !parsed.password().isEmpty())) {
            throw new IllegalArgumentException(source + " " + parsed.redact()
                    + " must not carry a user or password (they are not sent)" + instead);
        }
        return parsed == null || parsed.query() != null || parsed.fragment() != null
                ? Optional.empty() : Optional.of(parsed);
    }
}
