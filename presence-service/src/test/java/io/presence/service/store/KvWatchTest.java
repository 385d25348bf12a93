package io.presence.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueWatcher;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The watch's subscribing, against a bucket whose consumer takes long to create (nats-server 2.9 with 1M keys
 * took 5-8 s): a subscribe in flight is not a stalled watch, so the stream checks meanwhile start no other one.
 */
class KvWatchTest {

    private final CountDownLatch consumerCreated = new CountDownLatch(1);
    private final AtomicInteger watches = new AtomicInteger();

    @Test
    void aSlowSubscribeIsNotTakenForAStallAndSubscribedAgain() throws Exception {
        KvWatch watch = watchOn(slowBucket());
        Thread starting = new Thread(() -> {
            try {
                watch.load();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        starting.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> watches.get() == 1);

        // The stream is ahead and the watch has not moved: three checks, each of which would count as a stall.
        for (int check = 0; check < 3; check++) {
            watch.resubscribeIfStalled(100);
        }

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> watches.get() == 1);
        consumerCreated.countDown();
        starting.join(Duration.ofSeconds(10).toMillis());
        assertThat(starting.isAlive()).isFalse();
        assertThat(watch.isAlive()).isTrue();
        assertThat(watches).hasValue(1);
        watch.stop();
    }

    @Test
    void aWatchSeenBehindTheStreamIsNotCurrentUntilTheStreamIsNoLongerAhead() throws Exception {
        consumerCreated.countDown();
        KvWatch watch = watchOn(slowBucket());
        assertThat(watch.isCurrent()).as("before its snapshot").isFalse();
        watch.load();
        assertThat(watch.isCurrent()).isTrue();

        // The stream holds revision 5, the watch has delivered none: reads from its cache may miss changes.
        watch.resubscribeIfStalled(5);
        assertThat(watch.isCurrent()).isFalse();

        watch.resubscribeIfStalled(0);
        assertThat(watch.isCurrent()).isTrue();
        watch.stop();
        assertThat(watch.isCurrent()).as("stopped").isFalse();
    }

    private KvWatch watchOn(KeyValue kv) {
        Connection connection = connectedConnection();
        NatsKvPresenceStore store = new NatsKvPresenceStore(connection, kv, null, AuthoritativeBucket.local(kv),
                new PresenceRecordCodec(new ObjectMapper().findAndRegisterModules()), new MetricRegistry(), () -> false);
        return new KvWatch(connection, kv, kv, store, new CachedPresenceStore(store, 10, new MetricRegistry()), List.of());
    }

    /** A bucket whose watch returns once {@link #consumerCreated}, then reports an empty snapshot at once. */
    private KeyValue slowBucket() {
        return (KeyValue) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {KeyValue.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("watchAll")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    watches.incrementAndGet();
                    consumerCreated.await();
                    ((KeyValueWatcher) args[0]).endOfData();
                    return null;
                });
    }

    private Connection connectedConnection() {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getStatus" -> Connection.Status.CONNECTED;
                    case "addConnectionListener", "removeConnectionListener" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
