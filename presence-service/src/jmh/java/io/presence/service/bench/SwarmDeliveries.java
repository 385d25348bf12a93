package io.presence.service.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * What the stream swarms ({@link StreamSwarm} over HTTP/1.1, {@link StreamSwarmH2} over h2c) share: the changes
 * they write, and how long each took to reach each client that follows its user. Client {@code i} follows user
 * {@code u(i % USERS)}; change {@code k} is a PUT of user {@code u(k % USERS)} with the message {@code m<k>}, and a
 * client that reads a frame carrying {@code m<k>} records the time since that PUT was sent.
 */
final class SwarmDeliveries {

    private static final byte[] MARKER = "\"message\":\"m".getBytes(StandardCharsets.US_ASCII);

    private final String host;
    private final int port;
    private final int clients;
    private final int users;
    /** Send time (nanoTime) of change k, 0 until sent; written by the writer thread, read by the clients'. */
    private final AtomicLongArray sentAt;
    private final long[] latencies;
    private final AtomicLong delivered = new AtomicLong();

    SwarmDeliveries(String host, int port, int clients, int users, int events) {
        this.host = host;
        this.port = port;
        this.clients = clients;
        this.users = users;
        this.sentAt = new AtomicLongArray(events);
        this.latencies = new long[(int) Math.min((long) events * (clients / users + 1), 50_000_000L)];
    }

    /** The path client {@code i} streams. */
    String streamPath(int i) {
        return "/api/v2/presence/stream?users=u" + (i % users);
    }

    /** Deliveries of every change to every follower: what a run waits for. */
    long expected() {
        long expected = 0;
        for (int k = 0; k < sentAt.length(); k++) {
            int u = k % users;
            expected += clients / users + (u < clients % users ? 1 : 0);
        }
        return expected;
    }

    long delivered() {
        return delivered.get();
    }

    /**
     * Records the changes in what one client has read ({@code in}, flipped), and keeps the tail after its last
     * complete line for the next read, as a marker may be split across reads; leaves {@code in} compacted.
     */
    void scan(ByteBuffer in, long now) {
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

    /** Writes the changes, {@code perSecond} of them a second, on a thread of their own. */
    Thread startWriting(int perSecond, String token) {
        Thread writer = new Thread(() -> writeChanges(perSecond, token), "swarm-writer");
        writer.start();
        return writer;
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

    /** The run's {@code RESULT} line. */
    String result(int connected, int failed, double connectSeconds) {
        int n = (int) Math.min(delivered.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return String.format("RESULT clients=%d connected=%d failed=%d connect_seconds=%.1f events=%d expected=%d"
                        + " delivered=%d p50_us=%d p99_us=%d max_us=%d", clients, connected, failed, connectSeconds,
                sentAt.length(), expected(), delivered.get(), BenchFixtures.percentile(sorted, 50),
                BenchFixtures.percentile(sorted, 99), n == 0 ? 0 : sorted[n - 1]);
    }
}
