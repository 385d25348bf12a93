package io.presence.service.bench;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.presence.api.PresenceStatus;
import io.presence.service.core.PresenceRecord;
import io.presence.service.store.PresenceRecordCodec;
import io.presence.service.store.UserKeyCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference row for durable PUT in {@code scripts/bench.sh}: what jnats itself achieves putting
 * presence records straight into the center's KV bucket, with as many puts in flight as the PUT row has
 * connections, against the same nats-server in the same run. The PUT row's target is a ratio of this, as
 * the cached GET's is of raw Jetty.
 *
 * <p>Each of CONNECTIONS threads loops {@code KeyValue.put} of a random user's record (the bytes
 * the service stores for an online heartbeat with a TTL, from the service's own codec) over one shared
 * NATS connection, as the service's request threads do; a put counts once JetStream acknowledged it.
 * It prints one {@code RESULT} line in the format of {@code scripts/bench/report.lua}, plus
 * {@code cpu_ticks=}: the CPU clock ticks that the processes named in the environment variable
 * {@code CPU_PIDS} (the center's nats-server) used during the measured puts alone, not the warm-up.
 *
 * <p>Usage: {@code java -cp presence-service.jar:test-classes io.presence.service.bench.JnatsPutReference
 * NATS_URL BUCKET CONNECTIONS WARMUP_SECONDS SECONDS USERS}: the warm-up's puts (so that this JVM's JIT
 * is done, as the node's is after its warm-up) are made and not reported.
 */
public final class JnatsPutReference {

    private JnatsPutReference() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: JnatsPutReference NATS_URL BUCKET CONNECTIONS WARMUP_SECONDS SECONDS USERS");
            System.exit(2);
        }
        int threads = Integer.parseInt(args[2]);
        Duration warmup = Duration.ofSeconds(Long.parseLong(args[3]));
        Duration duration = Duration.ofSeconds(Long.parseLong(args[4]));
        int users = Integer.parseInt(args[5]);
        Options options = new Options.Builder().server(args[0]).connectionName("jnats-put-reference").build();
        try (Connection connection = Nats.connect(options)) {
            KeyValue kv = connection.keyValue(args[1]);
            run(kv, threads, warmup, users);
            List<Path> cpu = cpuStats(System.getenv("CPU_PIDS"));
            long before = ticks(cpu);
            String result = run(kv, threads, duration, users);
            System.out.println(result + " cpu_ticks=" + (ticks(cpu) - before));
        }
    }

    static String run(KeyValue kv, int threads, Duration duration, int users) throws InterruptedException {
        PresenceRecordCodec codec = new PresenceRecordCodec(BenchFixtures.applicationObjectMapper());
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong errors = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        long[][] samples = new long[threads][];
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread worker = new Thread(() -> samples[index] = putUntil(kv, codec, users, deadline, errors));
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] all = Arrays.stream(samples).flatMapToLong(Arrays::stream).sorted().toArray();
        int n = all.length;
        return String.format("RESULT rps=%.0f p50_us=%d p90_us=%d p99_us=%d max_us=%d requests=%d errors=%d"
                        + " non2xx=0 socket_errors=0/0/0/0", n / seconds, BenchFixtures.percentile(all, 50),
                BenchFixtures.percentile(all, 90), BenchFixtures.percentile(all, 99), n == 0 ? 0 : all[n - 1], n, errors.get());
    }

    /** Puts until the deadline; the latency of each acknowledged put, in microseconds. */
    private static long[] putUntil(KeyValue kv, PresenceRecordCodec codec, int users, long deadline,
                                   AtomicLong errors) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long[] samples = new long[1 << 14];
        int done = 0;
        while (System.nanoTime() < deadline) {
            String userId = "u" + random.nextInt(users);
            Instant now = Instant.now();
            PresenceRecord record = new PresenceRecord(userId, PresenceStatus.ONLINE, null, now, now,
                    now.plusSeconds(86_400), 86_400L, BenchFixtures.NODE_ID, 0);
            long start = System.nanoTime();
            try {
                kv.put(UserKeyCodec.encode(userId), codec.encode(record));
            } catch (Exception e) {
                errors.incrementAndGet();
                continue;
            }
            if (done == samples.length) {
                samples = Arrays.copyOf(samples, done * 2);
            }
            samples[done++] = (System.nanoTime() - start) / 1000;
        }
        return Arrays.copyOf(samples, done);
    }

    private static List<Path> cpuStats(String pids) {
        return pids == null || pids.isBlank() ? List.of()
                : Arrays.stream(pids.trim().split("\\s+")).map(pid -> Path.of("/proc", pid, "stat")).toList();
    }

    /** User plus system CPU clock ticks (fields 14 and 15 of /proc/PID/stat) of the processes. */
    private static long ticks(List<Path> stats) throws IOException {
        long total = 0;
        for (Path stat : stats) {
            String text = Files.readString(stat);
            // Fields after the command name, which is in parentheses and may hold spaces: field 3 is first.
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            total += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        return total;
    }
}
