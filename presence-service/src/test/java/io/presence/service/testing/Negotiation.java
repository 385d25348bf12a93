package io.presence.service.testing;

import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** For tests that send one request with and without content negotiation, and compare the answers. */
public final class Negotiation {

    /** An {@code Accept} header that negotiates to {@code application/json} among other types. */
    public static final String NEGOTIATED_JSON = "application/json;q=0.9, text/plain;q=0.1";

    private Negotiation() {
    }

    /** Headers by lowercase name, without the one that differs between any two responses ({@code Date}). */
    public static Map<String, String> headers(HttpResponse<?> response) {
        Map<String, String> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        headers.remove("date");
        return headers;
    }
}
