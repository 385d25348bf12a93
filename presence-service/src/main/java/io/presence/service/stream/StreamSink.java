package io.presence.service.stream;

/** The transport side of a subscriber (an HTTP response). Every method is called on a thread that must not block. */
public interface StreamSink {

    /** Events are waiting in the subscriber's queue. Called on the watch thread. */
    void wake();

    /** The stream ends: the subscriber was dropped (slow reader) or the node stops. */
    void close();

    /**
     * Looks whether the client is still there and, if it has gone, closes the subscriber: called on the
     * broadcaster's timer every {@code stream.clientCheckInterval}, so a client that left frees its stream's slot
     * within that interval rather than at the next write that fails (at the latest the heartbeat, 15 s on).
     */
    void checkClient();
}
