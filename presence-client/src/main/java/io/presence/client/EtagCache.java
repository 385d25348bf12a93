package io.presence.client;

import io.presence.api.Presence;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The last ETag and presence per user, least recently used evicted first; thread-safe. */
final class EtagCache {

    record Entry(String etag, Presence presence) {
    }

    private final int capacity;
    private final Map<String, Entry> entries;

    EtagCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > EtagCache.this.capacity;
            }
        };
    }

    synchronized Optional<Entry> get(String userId) {
        return Optional.ofNullable(entries.get(userId));
    }

    synchronized void put(String userId, String etag, Presence presence) {
        if (capacity > 0 && etag != null) {
            entries.put(userId, new Entry(etag, presence));
        }
    }

    synchronized void remove(String userId) {
        entries.remove(userId);
    }

    synchronized int size() {
        return entries.size();
    }
}
