package io.presence.service.testing;

import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * For tests that send one request both ways, answered by a servlet-level filter and by the resource,
 * and compare the answers.
 */
public final class BothWays {

    /**
     * An {@code Accept} header that Jersey negotiates to {@code application/json} but the filters leave to
     * the resource: with it, a request takes the resource's way.
     */
    public static final String VIA_RESOURCE = "application/json;q=0.9, text/plain;q=0.1";

    private BothWays() {
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
