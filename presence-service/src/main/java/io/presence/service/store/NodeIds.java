package io.presence.service.store;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One string instance per node id, shared by every cached record that names the node: a deployment
 * has a handful of nodes, a cache a million records. Past {@code capacity} distinct ids (only a
 * misbehaving writer makes up that many) ids are kept as given, so the table cannot grow without bound.
 */
final class NodeIds {

    private final ConcurrentMap<String, String> shared = new ConcurrentHashMap<>();
    private final int capacity;

    NodeIds(int capacity) {
        this.capacity = capacity;
    }

    String shared(String nodeId) {
        if (nodeId == null) {
            return null;
        }
        String known = shared.get(nodeId);
        if (known != null) {
            return known;
        }
        if (shared.size() >= capacity) {
            return nodeId;
        }
        String previous = shared.putIfAbsent(nodeId, nodeId);
        return previous != null ? previous : nodeId;
    }
}
