package io.presence.service.store;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The node ids that cached records name, each numbered once: a record holds its node's number, not a
 * reference to the string, since a deployment has a handful of nodes and a cache a million records. Past
 * {@code capacity} distinct ids (only a misbehaving writer makes up that many) an id gets no number and
 * its records are cached as they are, so the table cannot grow without bound.
 */
final class NodeIds {

    /** Ids with no number: null, or past the capacity. */
    static final int NONE = -1;

    private final ConcurrentMap<String, Integer> numbers = new ConcurrentHashMap<>();
    private final AtomicReferenceArray<String> ids;

    NodeIds(int capacity) {
        this.ids = new AtomicReferenceArray<>(capacity);
    }

    /** The id's number, or {@link #NONE}. */
    int numberOf(String nodeId) {
        if (nodeId == null) {
            return NONE;
        }
        Integer known = numbers.get(nodeId);
        if (known != null) {
            return known;
        }
        synchronized (numbers) {
            Integer taken = numbers.get(nodeId);
            if (taken != null) {
                return taken;
            }
            int next = numbers.size();
            if (next >= ids.length()) {
                return NONE;
            }
            // The id first: a reader that finds the number (without this lock) must find the id behind it.
            ids.set(next, nodeId);
            numbers.put(nodeId, next);
            return next;
        }
    }

    /** The id numbered {@code number}, one instance for every record naming it. */
    String id(int number) {
        return ids.get(number);
    }
}
