package io.presence.service.stream;

/** The transport side of a subscriber (an HTTP response). Both methods are called on the watch thread: never block. */
public interface StreamSink {

    /** Events are waiting in the subscriber's queue. */
    void wake();

    /** The stream ends: the subscriber was dropped (slow reader) or the node stops. */
    void close();
}
