package io.presence.service.resources;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * A request whose body reads as the bytes a filter already took from it, then whatever the client
 * has not sent yet: how {@link DirectWriteFilter} hands a write it read but will not answer to Jersey.
 * Reads are blocking, which is how Jersey reads; {@code getReader} stays the original's, which refuses
 * once the stream was taken (the servlet rule), so nothing can read the body without the taken bytes.
 */
final class ReplayedBodyRequest extends HttpServletRequestWrapper {

    private final ServletInputStream body;

    ReplayedBodyRequest(HttpServletRequest request, byte[] taken) throws IOException {
        super(request);
        this.body = new Replay(new SequenceInputStream(new ByteArrayInputStream(taken), request.getInputStream()));
    }

    @Override
    public ServletInputStream getInputStream() {
        return body;
    }

    private static final class Replay extends ServletInputStream {
        private final InputStream in;
        private boolean finished;

        Replay(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            finished = b < 0;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            finished = n < 0;
            return n;
        }

        @Override
        public boolean isFinished() {
            return finished;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new IllegalStateException("a replayed request body is read blocking");
        }
    }
}
