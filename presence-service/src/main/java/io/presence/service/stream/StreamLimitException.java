package io.presence.service.stream;

/** The node already serves its maximum number of streams; the client should retry later. */
public class StreamLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StreamLimitException(int maxStreams) {
        super("this node serves its maximum of " + maxStreams + " streams; retry later or use another node");
    }
}
