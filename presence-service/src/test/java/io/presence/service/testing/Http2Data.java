package io.presence.service.testing;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http2.api.Stream;

/** Reading an HTTP/2 stream's body with Jetty's client, for the h2c tests and the bench's stream swarm. */
public final class Http2Data {

    /** What to do with one DATA frame's bytes; {@code last} when the server ended the stream with it. */
    @FunctionalInterface
    public interface FrameConsumer {
        void accept(ByteBuffer bytes, boolean last);
    }

    private Http2Data() {
    }

    /**
     * For {@link Stream.Listener#onDataAvailable}: hands the next frame (if one came) to {@code consumer}, releases
     * it, and asks for more unless it ended the stream.
     */
    public static void readNext(Stream stream, FrameConsumer consumer) {
        Stream.Data data = stream.readData();
        if (data == null) {
            stream.demand();
            return;
        }
        boolean last = data.frame().isEndStream();
        try {
            consumer.accept(data.frame().getByteBuffer(), last);
        } finally {
            data.release();
        }
        if (!last) {
            stream.demand();
        }
    }
}
