package io.presence.service.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What a test started (nodes, connections, processes), closed in reverse order after it. */
public final class Cleanup implements AutoCloseable {

    private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

    /** Registers {@code resource} to be closed after the test. */
    public void add(AutoCloseable resource) {
        resources.add(resource);
    }

    /** Registers and starts a node. */
    public TestNode started(TestNode node) {
        add(node);
        return node.start();
    }

    @Override
    public void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        resources.clear();
    }
}
