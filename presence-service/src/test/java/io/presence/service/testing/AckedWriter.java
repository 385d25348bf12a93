package io.presence.service.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A client writing presences to one node as fast as it answers, one request at a time, each with a
 * message no other write carries ({@code <name>#<seq>}), and remembering which were acknowledged
 * (200): the ledger against which a fault test proves that no acknowledged write was lost.
 */
public final class AckedWriter implements AutoCloseable {

    /** After a failed write, so a dead node is not hammered in a tight loop. */
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(50);

    private final String name;
    private final URI base;
    private final int users;
    private final String token = TestNode.token("writer", "presence:admin");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Long> lastAcked = new ConcurrentHashMap<>();
    /** When each acknowledged write was sent (System.nanoTime), in order. */
    private final ConcurrentLinkedQueue<Long> ackNanos = new ConcurrentLinkedQueue<>();
    private final Map<Integer, AtomicInteger> refusals = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param base the node's base URI, e.g. {@code http://127.0.0.1:8080} */
    public AckedWriter(String name, URI base, int users) {
        this.name = name;
        this.base = base;
        this.users = users;
        this.thread = new Thread(this::run, "writer-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        for (long seq = 0; running; seq++) {
            String user = userId(seq);
            long sent = System.nanoTime();
            int status;
            try {
                status = put(user, seq);
            } catch (IOException e) {
                status = -1;
            } catch (InterruptedException e) {
                return;
            }
            if (status == 200) {
                lastAcked.merge(user, seq, Math::max);
                ackNanos.add(sent);
            } else {
                refusals.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                LockSupport.parkNanos(PAUSE_AFTER_FAILURE.toNanos());
            }
        }
    }

    private int put(String user, long seq) throws IOException, InterruptedException {
        String body = "{\"status\":\"online\",\"message\":\"" + name + "#" + seq + "\",\"ttlSeconds\":3600}";
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v2/presence/" + user))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String userId(long seq) {
        return name + "-u" + (seq % users);
    }

    /** The sequence number in a message this writer wrote, or -1 for any other message. */
    public long sequenceIn(String message) {
        String prefix = name + "#";
        return message != null && message.startsWith(prefix) ? Long.parseLong(message.substring(prefix.length())) : -1;
    }

    /** Each user's last acknowledged write. */
    public Map<String, Long> lastAcked() {
        return Map.copyOf(lastAcked);
    }

    public int acknowledged() {
        return ackNanos.size();
    }

    /** How many writes got each status other than 200 (-1: no answer). */
    public int refused(int status) {
        AtomicInteger count = refusals.get(status);
        return count == null ? 0 : count.get();
    }

    /**
     * When the first write sent after {@code nanos} (System.nanoTime) that was acknowledged was sent: a
     * write in flight at that moment may be acknowledged later, but proves nothing about afterwards.
     */
    public OptionalLong firstAckAfter(long nanos) {
        return ackNanos.stream().mapToLong(Long::longValue).filter(t -> t > nanos).min();
    }

    /**
     * The longest time from {@code fromNanos} on during which none of {@code writers} sent a write that
     * was acknowledged: how long the service as a whole could not take a write.
     */
    public static Duration longestGapOfAll(List<AckedWriter> writers, long fromNanos) {
        long[] acks = writers.stream().flatMap(w -> w.ackNanos.stream()).mapToLong(Long::longValue)
                .filter(t -> t > fromNanos).sorted().toArray();
        long previous = fromNanos;
        long longest = 0;
        for (long t : acks) {
            longest = Math.max(longest, t - previous);
            previous = t;
        }
        return Duration.ofNanos(longest);
    }

    public String name() {
        return name;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(Duration.ofSeconds(10).toMillis());
    }
}
