package io.presence.client;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;
import okio.Source;

/**
 * Caps one Server-Sent Event at {@link #MAX_EVENT_BYTES}. okhttp-sse gathers an event until its blank
 * line with no bound, so a rogue server (or a base URL that reaches something else) could fill the
 * application's heap with one endless event. A node's events are one presence, under 2 KB. Past the
 * limit the read fails, and the watch reconnects as after any broken stream.
 */
final class EventSizeLimit implements Interceptor {

    static final int MAX_EVENT_BYTES = 1 << 20;

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        if (!response.isSuccessful()) {
            return response; // an error's body is read by RequestPipeline.boundedBody
        }
        ResponseBody body = response.body();
        return response.newBuilder().body(ResponseBody.create(Okio.buffer(new Counting(body.source())),
                body.contentType(), body.contentLength())).build();
    }

    /** Counts the bytes since the last blank line, which ends an event; line ends are CR, LF or CRLF. */
    private static final class Counting extends ForwardingSource {
        private final Buffer chunk = new Buffer();
        private long sinceBlankLine;
        private boolean afterLineEnd;
        private boolean afterCr;

        Counting(Source delegate) {
            super(delegate);
        }

        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
            long read = super.read(chunk, byteCount);
            for (long i = 0; i < read; i++) {
                count(chunk.getByte(i));
            }
            if (read > 0) {
                sink.write(chunk, read);
            }
            return read;
        }

        private void count(byte b) throws IOException {
            if (b == '\n' && afterCr) {
                afterCr = false; // the LF of a CRLF: the same line end
                return;
            }
            if (b == '\n' || b == '\r') {
                if (afterLineEnd) {
                    sinceBlankLine = 0;
                }
                afterLineEnd = true;
                afterCr = b == '\r';
                return;
            }
            afterLineEnd = false;
            afterCr = false;
            if (++sinceBlankLine > MAX_EVENT_BYTES) {
                throw new IOException("the stream sent an event over " + (MAX_EVENT_BYTES >> 20) + " MiB ("
                        + MAX_EVENT_BYTES + " bytes), more than any presence; check the base URL");
            }
        }
    }
}
