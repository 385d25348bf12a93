package io.presence.cli;

import io.presence.client.PresenceApiException;
import io.presence.client.PresenceTransportException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Failed requests by kind ("HTTP 429 rate_limited", "transport", ...), with the first few distinct messages of each. */
final class ErrorTally {

    /** Enough to tell what went wrong without repeating one message thousands of times. */
    static final int MESSAGES_PER_KIND = 3;

    /**
     * @param kind     what failed, e.g. "HTTP 503 unavailable"
     * @param count    how many requests failed so
     * @param messages the first distinct messages, at most {@value #MESSAGES_PER_KIND}
     */
    record Kind(String kind, long count, List<String> messages) {
    }

    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final Map<String, List<String>> messages = new LinkedHashMap<>();

    synchronized void add(Throwable error) {
        String kind = kind(error);
        counts.merge(kind, 1L, Long::sum);
        List<String> seen = messages.computeIfAbsent(kind, k -> new ArrayList<>());
        String message = Errors.describe(error);
        if (seen.size() < MESSAGES_PER_KIND && !seen.contains(message)) {
            seen.add(message);
        }
    }

    /** @return the kinds in the order they first happened */
    synchronized List<Kind> kinds() {
        List<Kind> kinds = new ArrayList<>();
        counts.forEach((kind, count) -> kinds.add(new Kind(kind, count, List.copyOf(messages.get(kind)))));
        return kinds;
    }

    static String kind(Throwable error) {
        Throwable e = Errors.unwrap(error);
        if (e instanceof PresenceApiException api) {
            return "HTTP " + api.status() + " " + api.code();
        }
        if (e instanceof PresenceTransportException) {
            return "transport";
        }
        return e.getClass().getSimpleName();
    }
}
