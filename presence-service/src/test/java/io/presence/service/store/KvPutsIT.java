package io.presence.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.presence.service.nats.NatsServerProcess;
import io.presence.service.nats.NatsServerSettings;
import io.presence.service.testing.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's writes against a real nats-server: each answered with its own acknowledgement, or a clear failure. */
class KvPutsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dataDir;

    private NatsServerProcess server;
    private Connection connection;

    @BeforeEach
    void startServer() throws Exception {
        server = NatsServerProcess.builder()
                .settings(new NatsServerSettings("kv-puts", "127.0.0.1", FreePorts.next(), FreePorts.next(), dataDir,
                        "hub", new NatsServerSettings.Listen("127.0.0.1", FreePorts.next())))
                .startupTimeout(Duration.ofSeconds(15))
                .shutdownTimeout(Duration.ofSeconds(5))
                .build();
        server.start();
        connection = Nats.connect(server.clientUrl());
    }

    @AfterEach
    void stopServer() throws Exception {
        connection.close();
        server.stop();
    }

    private KeyValue bucket(KeyValueConfiguration.Builder config) throws Exception {
        connection.keyValueManagement().create(config.name("presence").storageType(StorageType.File).build());
        return connection.keyValue("presence");
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPutIsStoredAsTheRevisionItAnswers() throws Exception {
        KeyValue kv = bucket(KeyValueConfiguration.builder().maxHistoryPerKey(1));
        KvPuts puts = new KvPuts(connection, KvPuts.centerPrefix("presence"), TIMEOUT);

        long first = puts.put("alice", bytes("online"));
        long second = puts.put("alice", bytes("away"));

        assertThat(second).isGreaterThan(first);
        assertThat(kv.get("alice").getRevision()).isEqualTo(second);
        assertThat(kv.get("alice").getValueAsString()).isEqualTo("away");
        assertThat(puts.inboxes()).as("one write at a time needs one inbox").isEqualTo(1);
    }

    @Test
    void concurrentWritesEachGetTheirOwnAcknowledgement() throws Exception {
        KeyValue kv = bucket(KeyValueConfiguration.builder().maxHistoryPerKey(1));
        KvPuts puts = new KvPuts(connection, KvPuts.centerPrefix("presence"), TIMEOUT);
        int threads = 16;
        int perThread = 100;
        Map<String, Long> answered = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int writer = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String key = "u" + writer + "-" + i;
                        answered.put(key, puts.put(key, bytes(key)));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(answered).hasSize(threads * perThread);
        assertThat(new HashSet<>(answered.values())).as("no two writes given one acknowledgement")
                .hasSize(threads * perThread);
        for (Map.Entry<String, Long> write : answered.entrySet()) {
            assertThat(kv.get(write.getKey()).getRevision()).as(write.getKey()).isEqualTo(write.getValue());
            assertThat(kv.get(write.getKey()).getValueAsString()).isEqualTo(write.getKey());
        }
        assertThat(puts.inboxes()).isBetween(1, threads);
    }

    @Test
    void aLateAcknowledgementIsNotTakenForTheNextWritesOwn() throws Exception {
        // A stand-in for the stream: it holds the first write unanswered, and answers it only after the next arrives.
        LinkedBlockingQueue<Message> held = new LinkedBlockingQueue<>();
        AtomicBoolean first = new AtomicBoolean(true);
        Dispatcher stream = connection.createDispatcher(message -> {
            if (first.getAndSet(false)) {
                held.add(message);
                return;
            }
            Message late = held.poll();
            connection.publish(late.getReplyTo(), bytes("{\"stream\":\"S\",\"seq\":1}"));
            connection.publish(message.getReplyTo(), bytes("{\"stream\":\"S\",\"seq\":2}"));
        });
        stream.subscribe("held.>");
        connection.flush(TIMEOUT);
        KvPuts puts = new KvPuts(connection, "held.", Duration.ofMillis(300));

        assertThatThrownBy(() -> puts.put("alice", bytes("online")))
                .isInstanceOf(IOException.class).hasMessageContaining("no acknowledgement within 300 ms");
        assertThat(puts.put("alice", bytes("away"))).as("the second write's own acknowledgement").isEqualTo(2);
    }

    @Test
    void aWriteNothingCanStoreFailsAtOnceAsNoResponders() {
        KvPuts puts = new KvPuts(connection, KvPuts.centerPrefix("no-such-bucket"), Duration.ofMinutes(5));

        assertThatThrownBy(() -> puts.put("alice", bytes("online")))
                .isInstanceOf(IOException.class).hasMessageContaining("did not take the write: 503");
    }

    @Test
    void aWriteTheStreamRefusesIsJetStreamsError() throws Exception {
        bucket(KeyValueConfiguration.builder().maxHistoryPerKey(1).maximumValueSize(8));
        KvPuts puts = new KvPuts(connection, KvPuts.centerPrefix("presence"), TIMEOUT);

        assertThatThrownBy(() -> puts.put("alice", bytes("a value longer than eight bytes")))
                .isInstanceOfSatisfying(JetStreamApiException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(400));
    }

    @Test
    void aLeafWritesThroughItsHubsDomain() {
        assertThat(KvPuts.leafPrefix("presence", "hub")).isEqualTo("$JS.hub.API.$KV.presence.");
        assertThat(KvPuts.centerPrefix("presence")).isEqualTo("$KV.presence.");
    }
}
