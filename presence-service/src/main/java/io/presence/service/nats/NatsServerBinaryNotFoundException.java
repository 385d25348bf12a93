package io.presence.service.nats;

/** The nats-server executable could not be found; the message is one line saying how to fix it. */
public class NatsServerBinaryNotFoundException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public NatsServerBinaryNotFoundException(String message) {
        super(message);
    }
}
