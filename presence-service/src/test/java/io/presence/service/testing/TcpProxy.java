package io.presence.service.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on loopback between two servers (a nats-server's route or leafnode link), so that a
 * test can cut the link, as a network partition does, and delay it, as a WAN does, without root or
 * netem. Each accepted connection dials the target anew; two threads per direction copy and deliver.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile long delayNanos;
    private volatile boolean closed;

    private TcpProxy(ServerSocket listener, String targetHost, int targetPort) {
        this.listener = listener;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        daemon("accept", this::acceptLoop);
    }

    /** A proxy to {@code targetHost:targetPort} on a port the OS chooses. */
    public static TcpProxy start(String targetHost, int targetPort) throws IOException {
        return start(0, targetHost, targetPort);
    }

    /** A proxy on {@code listenPort}; the target need not listen yet: each connection dials it when accepted. */
    public static TcpProxy start(int listenPort, String targetHost, int targetPort) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
        return new TcpProxy(listener, targetHost, targetPort);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Partitions: every live connection is closed, and every new one is closed as soon as it is accepted. */
    public void cut() {
        cut = true;
        links.forEach(Link::close);
    }

    /** Ends the partition: new connections pass again. */
    public void restore() {
        cut = false;
    }

    public boolean isCut() {
        return cut;
    }

    /** Delays every chunk read from now on by {@code oneWay} in each direction, without limiting throughput. */
    public void delay(Duration oneWay) {
        delayNanos = oneWay.toNanos();
    }

    public int liveConnections() {
        return links.size();
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        links.forEach(Link::close);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket server = new Socket(targetHost, targetPort);
                Link link = new Link(client, server);
                links.add(link);
                link.start();
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, "tcp-proxy-" + listener.getLocalPort() + "-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    /** One proxied connection: a client socket and the socket dialled to the target for it. */
    private final class Link {
        private final Socket client;
        private final Socket server;
        private int directionsOpen = 2;

        Link(Socket client, Socket server) throws SocketException {
            this.client = client;
            this.server = server;
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
        }

        void start() {
            pipe("up", client, server);
            pipe("down", server, client);
        }

        /** Reads chunks into a delay queue; a second thread writes each once its time has come, in order. */
        private void pipe(String name, Socket from, Socket to) {
            DelayQueue<Chunk> queue = new DelayQueue<>();
            daemon(name + "-read", () -> {
                byte[] buffer = new byte[16 * 1024];
                long sequence = 0;
                // Never due before the chunk ahead of it, even when the delay was just shortened.
                long due = 0;
                try (InputStream in = from.getInputStream()) {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        due = Math.max(due, System.nanoTime() + delayNanos);
                        queue.put(new Chunk(Arrays.copyOf(buffer, n), due, sequence++));
                    }
                } catch (IOException e) {
                    // the connection ended; the writer ends with it
                }
                queue.put(new Chunk(null, Math.max(due, System.nanoTime() + delayNanos), sequence));
            });
            daemon(name + "-write", () -> {
                try {
                    OutputStream out = to.getOutputStream();
                    for (Chunk chunk = queue.take(); chunk.bytes() != null; chunk = queue.take()) {
                        out.write(chunk.bytes());
                        out.flush();
                    }
                    to.shutdownOutput();
                } catch (IOException | InterruptedException e) {
                    close();
                }
                directionDone();
            });
        }

        private synchronized void directionDone() {
            if (--directionsOpen == 0) {
                close();
            }
        }

        void close() {
            closeQuietly(client);
            closeQuietly(server);
            links.remove(this);
        }
    }

    /** Bytes due at {@code dueNanos}; the sequence keeps order among chunks due at the same nanosecond. */
    private record Chunk(byte[] bytes, long dueNanos, long sequence) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Chunk that = (Chunk) other;
            int byTime = Long.compare(dueNanos, that.dueNanos);
            return byTime != 0 ? byTime : Long.compare(sequence, that.sequence);
        }
    }
}
