package io.presence.service.nats;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides the credentials in {@code scheme://user:password@host} and {@code scheme://token@host} URLs, wherever the
 * node echoes text that may hold one: its rendered nats-server config, nats-server's own output (which quotes a
 * leafnode or route URL it cannot parse, password and all), and error messages.
 */
public final class UrlCredentials {

    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^:/@\\s\"\\]]+)(:[^@\\s\"\\]]*)?@");

    private UrlCredentials() {
    }

    /** {@code text} with each URL's password masked (its user kept), and a user info without one (a token) masked. */
    public static String masked(String text) {
        if (text == null || !text.contains("@")) {
            return text;
        }
        Matcher matcher = USER_INFO.matcher(text);
        return matcher.replaceAll(url -> Matcher.quoteReplacement(url.group(3) == null
                ? url.group(1) + "*****@" : url.group(1) + url.group(2) + ":*****@"));
    }
}
