package io.presence.service.bench;

import io.presence.service.testing.Http2Data;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The stream scale row of {@code scripts/bench.sh} over h2c (a node whose connector is {@code type: h2c}): CLIENTS
 * Server-Sent Events streams on one node, STREAMS_PER_CONNECTION of them multiplexed on each HTTP/2 connection as a
 * proxy in front of the node would, then the changes of {@link SwarmDeliveries} and how long each took to reach
 * every stream that follows its user. Jetty's HTTP/2 client reads every connection without a thread per stream.
 *
 * <p>Usage: {@code java -cp presence-service.jar:test-classes io.presence.service.bench.StreamSwarmH2
 * HOST PORT STREAMS_PER_CONNECTION CLIENTS USERS EVENTS EVENTS_PER_SECOND HOLD_SECONDS} with {@code TOKEN} in the
 * environment; it prints the same {@code STREAMS} and {@code RESULT} lines as {@link StreamSwarm}.
 */
public final class StreamSwarmH2 {

    private static final int OPENS_IN_FLIGHT = 512;
    private static final Duration CONNECT_DEADLINE = Duration.ofMinutes(5);
    private static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(30);

    private final String host;
    private final int port;
    private final int clients;
    private final SwarmDeliveries deliveries;
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    /** Streams asked for and not answered yet: bounded, so the node's accept of each stream is paced. */
    private final Semaphore opening = new Semaphore(OPENS_IN_FLIGHT);

    private StreamSwarmH2(String host, int port, int clients, int users, int events) {
        this.host = host;
        this.port = port;
        this.clients = clients;
        this.deliveries = new SwarmDeliveries(host, port, clients, users, events);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            System.err.println("usage: StreamSwarmH2 HOST PORT STREAMS_PER_CONNECTION CLIENTS USERS EVENTS"
                    + " EVENTS_PER_SECOND HOLD_SECONDS");
            System.exit(2);
        }
        StreamSwarmH2 swarm = new StreamSwarmH2(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[3]),
                Integer.parseInt(args[4]), Integer.parseInt(args[5]));
        System.out.println(swarm.run(Integer.parseInt(args[2]), Integer.parseInt(args[6]),
                Duration.ofSeconds(Long.parseLong(args[7])), System.getenv("TOKEN")));
        System.exit(0);
    }

    private String run(int perConnection, int eventsPerSecond, Duration hold, String token) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(8);
        threads.setName("swarm-h2");
        HTTP2Client http2 = new HTTP2Client();
        http2.setExecutor(threads);
        http2.setSelectors(1);
        // Idle streams stay idle between the node's heartbeats: neither they nor their connections time out here.
        http2.setIdleTimeout(-1);
        http2.setStreamIdleTimeout(-1);
        http2.start();
        try {
            long began = System.nanoTime();
            long connectDeadline = began + CONNECT_DEADLINE.toNanos();
            Session session = null;
            for (int i = 0; i < clients && System.nanoTime() < connectDeadline; i++) {
                if (i % perConnection == 0) {
                    session = http2.connect(new InetSocketAddress(host, port), new Session.Listener() { })
                            .get(30, TimeUnit.SECONDS);
                }
                if (!opening.tryAcquire(Math.max(1, connectDeadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    break;
                }
                open(session, i);
            }
            while (connected.get() + failed.get() < clients && System.nanoTime() < connectDeadline) {
                Thread.sleep(100);
            }
            double connectSeconds = (System.nanoTime() - began) / 1e9;
            System.out.printf("STREAMS connected=%d failed=%d seconds=%.1f%n", connected.get(), failed.get(),
                    connectSeconds);
            Thread.sleep(hold.toMillis());
            Thread writer = deliveries.startWriting(eventsPerSecond, token);
            long expected = deliveries.expected();
            long deliveryDeadline = Long.MAX_VALUE;
            while (deliveries.delivered() < expected && System.nanoTime() < deliveryDeadline) {
                Thread.sleep(50);
                if (deliveryDeadline == Long.MAX_VALUE && !writer.isAlive()) {
                    deliveryDeadline = System.nanoTime() + DELIVERY_DEADLINE.toNanos();
                }
            }
            writer.join();
            return deliveries.result(connected.get(), failed.get(), connectSeconds);
        } finally {
            http2.stop();
        }
    }

    private void open(Session session, int i) {
        MetaData.Request request = new MetaData.Request("GET",
                HttpURI.from("http://" + host + ":" + port + deliveries.streamPath(i)), HttpVersion.HTTP_2,
                HttpFields.build().put("Accept", "text/event-stream"));
        session.newStream(new HeadersFrame(request, null, true), new Client())
                .exceptionally(e -> {
                    lose(false);
                    return null;
                });
    }

    private void lose(boolean established) {
        if (established) {
            connected.decrementAndGet();
        } else {
            opening.release();
        }
        failed.incrementAndGet();
    }

    /** One stream: whether the node took it, and what it has read so far of the current frame. */
    private final class Client implements Stream.Listener {
        private final ByteBuffer in = ByteBuffer.allocate(2048);
        private boolean established;
        private boolean lost;

        @Override
        public void onHeaders(Stream stream, HeadersFrame frame) {
            if (frame.getMetaData() instanceof MetaData.Response response) {
                opening.release();
                synchronized (this) {
                    if (response.getStatus() == 200) {
                        established = true;
                        connected.incrementAndGet();
                    } else {
                        lost = true;
                        failed.incrementAndGet();
                    }
                }
            }
            stream.demand();
        }

        @Override
        public void onDataAvailable(Stream stream) {
            Http2Data.readNext(stream, (frame, last) -> {
                long now = System.nanoTime();
                synchronized (this) {
                    while (frame.hasRemaining()) {
                        int chunk = Math.min(in.remaining(), frame.remaining());
                        in.put(frame.slice(frame.position(), chunk));
                        frame.position(frame.position() + chunk);
                        in.flip();
                        deliveries.scan(in, now);
                    }
                }
                if (last) {
                    gone();
                }
            });
        }

        @Override
        public void onReset(Stream stream, ResetFrame frame, Callback callback) {
            gone();
            callback.succeeded();
        }

        @Override
        public void onFailure(Stream stream, int error, String reason, Throwable failure, Callback callback) {
            gone();
            callback.succeeded();
        }

        private synchronized void gone() {
            if (!lost) {
                lost = true;
                lose(established);
            }
        }
    }
}
