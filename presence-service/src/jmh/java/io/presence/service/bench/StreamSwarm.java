package io.presence.service.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The stream scale row of {@code scripts/bench.sh}: CLIENTS idle Server-Sent Events clients on one node, then
 * EVENTS changes written while they stay connected, and how long each change took to reach every client that
 * follows its user.
 *
 * <p>One selector thread holds every connection (non-blocking sockets, a few hundred bytes of buffer each), so
 * the generator's own cost per client is small. The connections leave from the loopback source addresses in
 * SOURCES in turn: one address gives a client about 28k ephemeral ports towards one server port, so 100k
 * clients need four. Client {@code i} follows user {@code u(i % USERS)}. Each change is a PUT of user
 * {@code u(k % USERS)} whose message is {@code m<k>}; a client that reads a frame carrying {@code m<k>}
 * records the time since that PUT was sent. Heartbeat comments and the initial snapshot are read and ignored.
 *
 * <p>Usage: {@code java -cp presence-service.jar:test-classes io.presence.service.bench.StreamSwarm
 * HOST PORT SOURCES CLIENTS USERS EVENTS EVENTS_PER_SECOND HOLD_SECONDS} with {@code TOKEN} in the environment (a
 * token that may write the users). Once the clients are connected it prints a {@code STREAMS} line and holds
 * them idle for HOLD_SECONDS (when bench.sh reads the node's memory and descriptors) before the changes; then
 * one {@code RESULT} line.
 */
public final class StreamSwarm {

    private static final int CONNECTS_IN_FLIGHT = 512;
    private static final Duration CONNECT_DEADLINE = Duration.ofMinutes(5);
    private static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(30);
    private static final byte[] MARKER = "\"message\":\"m".getBytes(StandardCharsets.US_ASCII);

    private final String host;
    private final int port;
    private final List<String> sources;
    private final int clients;
    private final int users;
    /** Send time (nanoTime) of change k, 0 until sent; written by the writer thread, read by the selector's. */
    private final AtomicLongArray sentAt;
    private final long[] latencies;
    private final AtomicLong delivered = new AtomicLong();
    private final Selector selector;
    private int connected;
    private int failed;
    private int opened;

    private StreamSwarm(String host, int port, List<String> sources, int clients, int users, int events)
            throws IOException {
        this.host = host;
        this.port = port;
        this.sources = sources;
        this.clients = clients;
        this.users = users;
        this.sentAt = new AtomicLongArray(events);
        this.latencies = new long[(int) Math.min((long) events * (clients / users + 1), 50_000_000L)];
        this.selector = Selector.open();
    }

    /** One client: its request, and what it has read so far of the current frame. */
    private static final class Client {
        final ByteBuffer request;
        final ByteBuffer in = ByteBuffer.allocate(2048);
        boolean established;

        Client(ByteBuffer request) {
            this.request = request;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            System.err.println("usage: StreamSwarm HOST PORT SOURCES CLIENTS USERS EVENTS EVENTS_PER_SECOND HOLD_SECONDS");
            System.exit(2);
        }
        StreamSwarm swarm = new StreamSwarm(args[0], Integer.parseInt(args[1]), Arrays.asList(args[2].split(",")),
                Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]));
        System.out.println(swarm.run(Integer.parseInt(args[6]), Duration.ofSeconds(Long.parseLong(args[7])),
                System.getenv("TOKEN")));
        System.exit(0);
    }

    private String run(int eventsPerSecond, Duration hold, String token) throws Exception {
        long began = System.nanoTime();
        long connectDeadline = began + CONNECT_DEADLINE.toNanos();
        while (connected + failed < clients && System.nanoTime() < connectDeadline) {
            while (opened < clients && opened - connected - failed < CONNECTS_IN_FLIGHT) {
                open(opened++);
            }
            poll(100);
        }
        double connectSeconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("STREAMS connected=%d failed=%d seconds=%.1f%n", connected, failed, connectSeconds);
        for (long until = System.nanoTime() + hold.toNanos(); System.nanoTime() < until; ) {
            poll(100);
        }
        Thread writer = new Thread(() -> writeChanges(eventsPerSecond, token), "swarm-writer");
        writer.start();
        long expected = 0;
        for (int k = 0; k < sentAt.length(); k++) {
            expected += followers(k % users);
        }
        long deliveryDeadline = Long.MAX_VALUE;
        while (delivered.get() < expected && System.nanoTime() < deliveryDeadline) {
            poll(50);
            if (deliveryDeadline == Long.MAX_VALUE && !writer.isAlive()) {
                deliveryDeadline = System.nanoTime() + DELIVERY_DEADLINE.toNanos();
            }
        }
        writer.join();
        int n = (int) Math.min(delivered.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return String.format("RESULT clients=%d connected=%d failed=%d connect_seconds=%.1f events=%d expected=%d"
                        + " delivered=%d p50_us=%d p99_us=%d max_us=%d", clients, connected, failed, connectSeconds,
                sentAt.length(), expected, delivered.get(), BenchFixtures.percentile(sorted, 50), BenchFixtures.percentile(sorted, 99),
                n == 0 ? 0 : sorted[n - 1]);
    }

    /** Clients that follow user index {@code u}. */
    private long followers(int u) {
        return clients / users + (u < clients % users ? 1 : 0);
    }

    private void open(int i) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        try {
            channel.bind(new InetSocketAddress(sources.get(i % sources.size()), 0));
            String request = "GET /api/v2/presence/stream?users=u" + (i % users) + " HTTP/1.1\r\nHost: " + host
                    + "\r\nAccept: text/event-stream\r\n\r\n";
            Client client = new Client(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            channel.connect(new InetSocketAddress(host, port));
            channel.register(selector, SelectionKey.OP_CONNECT, client);
        } catch (IOException e) {
            channel.close();
            failed++;
        }
    }

    private void poll(long timeoutMs) throws IOException {
        selector.select(timeoutMs);
        for (SelectionKey key : selector.selectedKeys()) {
            Client client = (Client) key.attachment();
            SocketChannel channel = (SocketChannel) key.channel();
            try {
                if (key.isConnectable()) {
                    channel.finishConnect();
                    channel.write(client.request);
                    key.interestOps(SelectionKey.OP_READ);
                } else if (key.isReadable()) {
                    read(key, channel, client);
                }
            } catch (IOException e) {
                lose(key, client);
            }
        }
        selector.selectedKeys().clear();
    }

    private void read(SelectionKey key, SocketChannel channel, Client client) throws IOException {
        int read = channel.read(client.in);
        if (read < 0) {
            lose(key, client);
            return;
        }
        long now = System.nanoTime();
        ByteBuffer in = client.in;
        in.flip();
        if (!client.established) {
            if (in.remaining() < 12) {
                in.compact();
                return;
            }
            if (in.get(9) != '2') {
                lose(key, client);
                return;
            }
            client.established = true;
            connected++;
        }
        // Keep the tail after the last complete line: a marker may be split across reads.
        int lastNewline = -1;
        for (int at = in.position(); at < in.limit(); at++) {
            if (in.get(at) == '\n') {
                lastNewline = at;
            }
            if (matches(in, at)) {
                record(in, at + MARKER.length, now);
            }
        }
        if (lastNewline >= 0) {
            in.position(lastNewline + 1);
        } else if (!in.hasRemaining() || in.remaining() == in.capacity()) {
            in.position(in.limit());
        }
        in.compact();
    }

    private static boolean matches(ByteBuffer in, int at) {
        if (at + MARKER.length > in.limit()) {
            return false;
        }
        for (int j = 0; j < MARKER.length; j++) {
            if (in.get(at + j) != MARKER[j]) {
                return false;
            }
        }
        return true;
    }

    private void record(ByteBuffer in, int at, long now) {
        int k = 0;
        int digits = 0;
        while (at < in.limit() && in.get(at) >= '0' && in.get(at) <= '9') {
            k = k * 10 + (in.get(at++) - '0');
            digits++;
        }
        if (digits == 0 || at >= in.limit() || in.get(at) != '"' || k >= sentAt.length() || sentAt.get(k) == 0) {
            return;
        }
        long n = delivered.getAndIncrement();
        if (n < latencies.length) {
            latencies[(int) n] = (now - sentAt.get(k)) / 1000;
        }
    }

    private void lose(SelectionKey key, Client client) throws IOException {
        key.cancel();
        key.channel().close();
        if (client.established) {
            connected--;
        }
        failed++;
    }

    private void writeChanges(int perSecond, String token) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long start = System.nanoTime();
        for (int k = 0; k < sentAt.length(); k++) {
            long due = start + k * 1_000_000_000L / perSecond;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            String body = "{\"status\":\"" + (k % 2 == 0 ? "busy" : "online") + "\",\"message\":\"m" + k
                    + "\",\"ttlSeconds\":86400}";
            HttpRequest put = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port
                            + "/api/v2/presence/u" + (k % users)))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
            sentAt.set(k, System.nanoTime());
            try {
                HttpResponse<Void> response = http.send(put, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 200) {
                    System.err.println("PUT m" + k + " answered " + response.statusCode());
                }
            } catch (IOException | InterruptedException e) {
                System.err.println("PUT m" + k + " failed: " + e);
            }
        }
    }
}
