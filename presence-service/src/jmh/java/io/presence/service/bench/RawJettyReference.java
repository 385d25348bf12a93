package io.presence.service.bench;

import ch.qos.logback.classic.Level;
import io.dropwizard.logging.common.BootstrapLogging;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The reference row of {@code scripts/bench.sh}: a bare Jetty server answering every request with 200,
 * {@code application/json} and the same 200-byte body. The cached GET's target is a ratio of this
 * server's throughput measured in the same run, which cancels out how fast (and how busy) the machine is.
 *
 * <p>It is built like the service's application connector, minus Dropwizard, Jersey and servlets: the
 * Jetty on the service's class path, one HTTP/1.1 connector with Jetty's default acceptors and
 * selectors, no {@code Server} header, a {@code Date} header, and a thread pool of Dropwizard's shape
 * ({@code server.maxThreads}/{@code minThreads}, default 1024/8; bench.sh passes the values of
 * config/center.yml). The handler is a blocking one, so each request is dispatched to the pool as a
 * servlet request is, rather than run on the selector thread.
 *
 * <p>Usage: {@code java -cp presence-service.jar:test-classes io.presence.service.bench.RawJettyReference
 * PORT [MAX_THREADS [MIN_THREADS]]}. It listens on 127.0.0.1 and stops on SIGTERM.
 */
public final class RawJettyReference {

    /** Dropwizard's {@code server.maxThreads} and {@code server.minThreads} defaults. */
    static final int DEFAULT_MAX_THREADS = 1024;
    static final int DEFAULT_MIN_THREADS = 8;
    /** Dropwizard's {@code server.idleThreadTimeout} default. */
    static final int IDLE_THREAD_TIMEOUT_MS = 60_000;
    static final int BODY_BYTES = 200;

    private RawJettyReference() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: RawJettyReference PORT [MAX_THREADS [MIN_THREADS]]");
            System.exit(2);
        }
        BootstrapLogging.bootstrap(Level.WARN);
        int port = Integer.parseInt(args[0]);
        int maxThreads = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_MAX_THREADS;
        int minThreads = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_MIN_THREADS;
        Server server = start(port, maxThreads, minThreads);
        System.out.printf("raw-jetty started port=%d maxThreads=%d minThreads=%d bodyBytes=%d%n",
                port, maxThreads, minThreads, BODY_BYTES);
        server.join();
    }

    // Dropwizard 5 builds its pool's queue with the same (deprecated) constructor: unbounded, growing by maxThreads.
    @SuppressWarnings("removal")
    static Server start(int port, int maxThreads, int minThreads) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(maxThreads, minThreads, IDLE_THREAD_TIMEOUT_MS,
                new BlockingArrayQueue<>(minThreads, maxThreads));
        pool.setName("raw-jetty");
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new FixedBody(body()));
        server.setStopAtShutdown(true);
        server.start();
        return server;
    }

    /** A presence-shaped JSON document of exactly {@link #BODY_BYTES} bytes. */
    static byte[] body() {
        String head = "{\"userId\":\"u12345\",\"status\":\"online\",\"message\":\"";
        String tail = "\",\"lastSeen\":\"2026-11-28T10:15:30.123456Z\",\"updatedAt\":\"2026-11-28T10:15:30.123456Z\","
                + "\"ttlSeconds\":300,\"nodeId\":\"center-1\",\"revision\":123456}";
        byte[] body = (head + "x".repeat(BODY_BYTES - head.length() - tail.length()) + tail)
                .getBytes(StandardCharsets.UTF_8);
        if (body.length != BODY_BYTES) {
            throw new IllegalStateException("body is " + body.length + " bytes");
        }
        return body;
    }

    /** Answers every request with the same body; the headers are encoded once. */
    static final class FixedBody extends Handler.Abstract {

        private static final HttpField CONTENT_TYPE =
                new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");

        private final ByteBuffer body;
        private final HttpField contentLength;

        FixedBody(byte[] body) {
            this.body = ByteBuffer.allocateDirect(body.length).put(body).flip().asReadOnlyBuffer();
            this.contentLength = new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, Integer.toString(body.length));
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(200);
            response.getHeaders().add(CONTENT_TYPE);
            response.getHeaders().add(contentLength);
            // Each response gets its own view: the shared buffer's position never moves.
            response.write(true, body.slice(), callback);
            return true;
        }
    }
}
