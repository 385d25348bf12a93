package io.presence.service.stream;

/** The node already serves its maximum number of streams; the client should retry later. */
public class StreamLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StreamLimitException(String message) {
        super(message);
    }

    static StreamLimitException full(int maxStreams) {
        return new StreamLimitException(
                "this node serves its maximum of " + maxStreams + " streams; retry later or use another node");
    }

    static StreamLimitException stopping() {
        return new StreamLimitException("this node is stopping; reconnect to another node");
    }
}
