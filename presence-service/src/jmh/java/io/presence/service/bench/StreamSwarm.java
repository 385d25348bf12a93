package io.presence.service.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The stream scale row of {@code scripts/bench.sh}: CLIENTS idle Server-Sent Events clients on one node, then
 * EVENTS changes written while they stay connected, and how long each change took to reach every client that
 * follows its user.
 *
 * <p>One selector thread holds every connection (non-blocking sockets, a few hundred bytes of buffer each), so
 * the generator's own cost per client is small. The connections leave from the loopback source addresses in
 * SOURCES in turn: one address gives a client about 28k ephemeral ports towards one server port, so 100k
 * clients need four. The changes and their timing are {@link SwarmDeliveries}'. Heartbeat comments and the
 * initial snapshot are read and ignored. {@link StreamSwarmH2} is the same over h2c, many streams per connection.
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

    private final String host;
    private final int port;
    private final List<String> sources;
    private final int clients;
    private final SwarmDeliveries deliveries;
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
        this.deliveries = new SwarmDeliveries(host, port, clients, users, events);
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
        Thread writer = deliveries.startWriting(eventsPerSecond, token);
        long expected = deliveries.expected();
        long deliveryDeadline = Long.MAX_VALUE;
        while (deliveries.delivered() < expected && System.nanoTime() < deliveryDeadline) {
            poll(50);
            if (deliveryDeadline == Long.MAX_VALUE && !writer.isAlive()) {
                deliveryDeadline = System.nanoTime() + DELIVERY_DEADLINE.toNanos();
            }
        }
        writer.join();
        return deliveries.result(connected, failed, connectSeconds);
    }

    private void open(int i) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        try {
            channel.bind(new InetSocketAddress(sources.get(i % sources.size()), 0));
            String request = "GET " + deliveries.streamPath(i) + " HTTP/1.1\r\nHost: " + host
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
        deliveries.scan(in, now);
    }

    private void lose(SelectionKey key, Client client) throws IOException {
        key.cancel();
        key.channel().close();
        if (client.established) {
            connected--;
        }
        failed++;
    }
}
