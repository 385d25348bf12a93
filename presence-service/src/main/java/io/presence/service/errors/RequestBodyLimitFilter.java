package io.presence.service.errors;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over a byte limit with 413 {@code payload_too_large}: at once when
 * {@code Content-Length} announces too much, and while reading for bodies without one (chunked),
 * by failing the read past the limit with {@link BodyTooLargeException}.
 *
 * <p>Pre-matching and ahead of authentication, so an oversized body is refused before any work.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 500)
public final class RequestBodyLimitFilter implements ContainerRequestFilter {

    private final long maxBytes;

    public RequestBodyLimitFilter(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext context) {
        String contentLength = context.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (contentLength != null && announcedLength(contentLength) > maxBytes) {
            context.abortWith(ClientErrors.tooLarge(new BodyTooLargeException(maxBytes)));
            return;
        }
        context.setEntityStream(new LimitedInputStream(context.getEntityStream(), maxBytes));
    }

    /** Jetty has already rejected a malformed Content-Length; anything unparsable here counts as too long. */
    static long announcedLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Counts bytes read and fails once more than the limit has arrived. */
    static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private long count;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            if (skipped > 0) {
                count(skipped);
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void count(long n) throws BodyTooLargeException {
            count += n;
            if (count > limit) {
                throw new BodyTooLargeException(limit);
            }
        }
    }
}
