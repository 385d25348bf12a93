package io.presence.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.jackson.Jackson;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.StoreUnavailableException;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The bucket scan's hand-over between the watch's thread and the reader, without a NATS server. */
class KvScanTest {

    private final AtomicReference<KeyValueWatcher> watcher = new AtomicReference<>();
    private final NatsKvPresenceStore decoder = new NatsKvPresenceStore(null, null, null, AuthoritativeBucket.local(null),
            new PresenceRecordCodec(Jackson.newObjectMapper()), new MetricRegistry(), () -> false);

    /** A bucket whose watchAll hands its watcher to the test, or fails with {@code failure}. */
    private KeyValue bucket(Exception failure) {
        return (KeyValue) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {KeyValue.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("watchAll")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    if (failure != null) {
                        throw failure;
                    }
                    watcher.set((KeyValueWatcher) args[0]);
                    return null; // no subscription: closing the scan finds none to end
                });
    }

    private static KeyValueEntry entry(String key, String value, long revision) {
        Headers headers = new Headers().put("Nats-Subject", "$KV.presence." + key)
                .put("Nats-Sequence", Long.toString(revision)).put("Nats-Time-Stamp", "2026-12-04T08:00:00Z")
                .put("Nats-Stream", "KV_presence");
        NatsMessage message = NatsMessage.builder().subject("reply").headers(headers)
                .data(value.getBytes(StandardCharsets.UTF_8)).build();
        return new KeyValueEntry(new MessageInfo(message, "KV_presence", true));
    }

    private static String value(String userId) {
        return "{\"userId\":\"" + userId + "\",\"status\":\"online\",\"lastSeen\":\"2026-12-04T08:00:00Z\","
                + "\"updatedAt\":\"2026-12-04T08:00:00Z\",\"nodeId\":\"n1\"}";
    }

    @Test
    void givesEveryRecordThenTheEndSkippingWhatIsNoPresence() {
        try (KvScan scan = new KvScan(bucket(null), decoder, Duration.ofSeconds(5))) {
            watcher.get().watch(entry("alice=40example=2Ecom", value("alice@example.com"), 3));
            watcher.get().watch(entry("bad=", value("x"), 4));
            watcher.get().watch(entry("carol", "not json", 5));
            watcher.get().watch(entry("bob", value("bob"), 6));
            watcher.get().endOfData();

            Optional<PresenceRecord> first = scan.next();
            assertThat(first).get().extracting(PresenceRecord::userId).isEqualTo("alice@example.com");
            assertThat(first.get().revision()).isEqualTo(3);
            assertThat(scan.next()).get().extracting(PresenceRecord::userId).isEqualTo("bob");
            assertThat(scan.next()).isEmpty();
            assertThat(scan.next()).as("still the end").isEmpty();
        }
    }

    @Test
    void theWatchWaitsForTheReaderAndStopsWaitingOnceClosed() throws Exception {
        KvScan scan = new KvScan(bucket(null), decoder, Duration.ofSeconds(5));
        CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < KvScan.READ_AHEAD + 10; i++) {
                watcher.get().watch(entry("u" + i, value("u" + i), i + 1));
            }
            watcher.get().endOfData();
        });
        assertThat(scan.next()).get().extracting(PresenceRecord::userId).isEqualTo("u0");
        assertThat(feeding).isNotDone();

        scan.close();

        feeding.get(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void storageThatStopsSendingFailsTheScan() {
        try (KvScan scan = new KvScan(bucket(null), decoder, Duration.ofMillis(50))) {
            assertThatThrownBy(scan::next).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("retry");
        }
    }

    @Test
    void aWatchThatCannotStartIsStorageUnavailable() {
        assertThatThrownBy(() -> new KvScan(bucket(new IOException("no responders")), decoder, Duration.ofSeconds(1)))
                .isInstanceOf(StoreUnavailableException.class).hasCauseInstanceOf(IOException.class);
        assertThatThrownBy(() -> new KvScan(bucket(new InterruptedException()), decoder, Duration.ofSeconds(1)))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    }

    @Test
    void anInterruptedReaderStops() {
        try (KvScan scan = new KvScan(bucket(null), decoder, Duration.ofSeconds(5))) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(scan::next).isInstanceOf(StoreUnavailableException.class);
            assertThat(Thread.interrupted()).isTrue();
        }
    }

    @Test
    void aScanNeedsAConnectedStore() {
        Connection closed = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> Connection.Status.CLOSED);
        KeyValue kv = bucket(null);
        NatsKvPresenceStore store = new NatsKvPresenceStore(closed, kv, null, AuthoritativeBucket.local(kv),
                new PresenceRecordCodec(Jackson.newObjectMapper()), new MetricRegistry(), () -> false);

        assertThatThrownBy(store::scan).isInstanceOf(StoreUnavailableException.class);
    }
}
