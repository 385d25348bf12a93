package io.presence.service.errors;

import java.io.IOException;

/**
 * The request body is longer than the limit. An {@link IOException} so that it passes unwrapped
 * through Jackson, which wraps runtime exceptions thrown while reading but not I/O failures.
 */
public class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long limit;

    public BodyTooLargeException(long limit) {
        super("request body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
