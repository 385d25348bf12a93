package io.presence.service.nats;

import java.util.List;

/**
 * The nats-server child did not become ready. The message carries the command line, the config and
 * the last lines of the server's output: everything needed to see why without rerunning it.
 */
public class NatsServerStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> outputTail;

    public NatsServerStartException(String message, List<String> outputTail, Throwable cause) {
        super(message, cause);
        this.outputTail = List.copyOf(outputTail);
    }

    /** The last lines the server printed before it was given up on. */
    public List<String> outputTail() {
        return outputTail;
    }

    boolean isAddressInUse() {
        return outputTail.stream().anyMatch(l -> l.toLowerCase(java.util.Locale.ROOT).contains("address already in use"));
    }
}
