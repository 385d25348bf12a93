package io.presence.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamState;
import io.presence.api.PresenceStatus;
import io.presence.service.core.PresenceChangeListener;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.UserLocks;
import io.presence.service.nats.NatsServerProcess;
import io.presence.service.nats.NatsServerSettings;
import io.presence.service.testing.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compactor against a real nats-server: old records stored again unchanged, and never over a newer write. */
class BucketCompactorIT {

    private static final Instant AT = Instant.parse("2026-12-06T12:00:00Z");
    private static final String STREAM = "KV_presence";

    @TempDir
    Path dataDir;

    private final PresenceRecordCodec codec = new PresenceRecordCodec(new ObjectMapper().findAndRegisterModules());
    private final MetricRegistry metrics = new MetricRegistry();
    private NatsServerProcess server;
    private Connection connection;
    private KeyValue kv;
    private NatsKvPresenceStore store;
    /** The node's cache, holding what the node has seen stored: the compactor moves only what it holds. */
    private CachedPresenceStore cache;

    @BeforeEach
    void startServer() throws Exception {
        server = NatsServerProcess.builder()
                .settings(new NatsServerSettings("compactor", "127.0.0.1", FreePorts.next(), FreePorts.next(),
                        dataDir, "hub", new NatsServerSettings.Listen("127.0.0.1", FreePorts.next())))
                .startupTimeout(Duration.ofSeconds(15))
                .shutdownTimeout(Duration.ofSeconds(5))
                .build();
        server.start();
        connection = Nats.connect(server.clientUrl());
        connection.keyValueManagement().create(KeyValueConfiguration.builder().name("presence")
                .maxHistoryPerKey(1).storageType(StorageType.File).build());
        kv = connection.keyValue("presence");
        store = new NatsKvPresenceStore(connection, kv, null, AuthoritativeBucket.local(kv), codec, metrics,
                () -> false);
        cache = new CachedPresenceStore(store, 100, metrics);
    }

    @AfterEach
    void stopServer() throws Exception {
        connection.close();
        server.stop();
    }

    private static PresenceRecord online(String userId, String message) {
        return new PresenceRecord(userId, PresenceStatus.ONLINE, message, AT, AT, AT.plusSeconds(60), 60L, "center-1",
                0);
    }

    private static PresenceRecord invisible(String userId) {
        return new PresenceRecord(userId, PresenceStatus.ONLINE, null, AT, AT, AT.plusSeconds(60), 60L, "center-1", 0,
                List.of(), AT.minusSeconds(30), false);
    }

    /** Stores a record as another node would, and has the cache see it as the watch would. */
    private long put(PresenceRecord record) throws Exception {
        long revision = kv.put(UserKeyCodec.encode(record.userId()), codec.encode(record));
        cache.onPut(record.withRevision(revision));
        return revision;
    }

    private PresenceRecord stored(String userId) throws Exception {
        KeyValueEntry entry = kv.get(UserKeyCodec.encode(userId));
        return codec.decode(userId, entry.getValue(), entry.getRevision());
    }

    private StreamState stream() throws Exception {
        return connection.jetStreamManagement().getStreamInfo(STREAM).getStreamState();
    }

    private BucketCompactor compactor(boolean leads, long minimumSpan) throws Exception {
        return compactor(leads, minimumSpan, 1_000);
    }

    private BucketCompactor compactor(boolean leads, long minimumSpan, int movesPerPass) throws Exception {
        return new BucketCompactor(connection, "presence",
                new KvPuts(connection, KvPuts.centerPrefix("presence"), Duration.ofSeconds(5)), cache, new UserLocks(),
                codec, () -> leads, metrics, 2, minimumSpan, movesPerPass);
    }

    /** Twenty users written once, then five of them a hundred times each: 520 revisions for 20 records. */
    private Map<String, PresenceRecord> writeSpreadOut() throws Exception {
        Map<String, PresenceRecord> quiet = new HashMap<>();
        for (int user = 0; user < 20; user++) {
            PresenceRecord record = user == 7 ? invisible("u7") : online("u" + user, "first");
            quiet.put(record.userId(), record.withRevision(put(record)));
        }
        for (int round = 0; round < 100; round++) {
            for (int user = 0; user < 5; user++) {
                put(online("u" + user, "round " + round));
                quiet.remove("u" + user);
            }
        }
        return quiet;
    }

    @Test
    void recordsOlderThanTwiceTheBucketAreStoredAgainUnchanged() throws Exception {
        Map<String, PresenceRecord> quiet = writeSpreadOut();
        assertThat(stream().getFirstSequence()).isEqualTo(6);

        BucketCompactor compactor = compactor(true, 0);
        assertThat(compactor.pass()).isEqualTo(15);

        StreamState after = stream();
        assertThat(after.getMsgCount()).isEqualTo(20);
        assertThat(after.getLastSequence() - after.getFirstSequence() + 1).isLessThanOrEqualTo(2 * 20);
        for (PresenceRecord before : quiet.values()) {
            PresenceRecord now = stored(before.userId());
            assertThat(now.revision()).as(before.userId()).isGreaterThan(500);
            assertThat(now.restates(before)).as(before.userId()).isTrue();
        }
        // Everyone else reads the invisible user at the revision they read before the move.
        assertThat(stored("u7").publicRevision()).isEqualTo(quiet.get("u7").revision());
        assertThat(stored("u0").message()).isEqualTo("round 99");
        assertThat(metrics.counter(BucketCompactor.MOVED_METRIC).getCount()).isEqualTo(15);
        assertThat(compactor.pass()).as("nothing left to move").isZero();
    }

    @Test
    void aRecordWrittenSinceItWasReadIsNotStoredOver() throws Exception {
        long first = put(online("alice", "old"));
        MessageInfo read = connection.jetStreamManagement().getMessage(STREAM, first);
        long second = put(online("alice", "new"));
        long foreign = kv.put("truncated=4", new byte[] {1});
        long notARecord = kv.put(UserKeyCodec.encode("mallory"), new byte[] {'{', '}'});

        BucketCompactor compactor = compactor(true, 0);
        assertThat(compactor.moveForward(read)).isFalse();
        assertThat(compactor.moveForward(connection.jetStreamManagement().getMessage(STREAM, foreign))).isFalse();
        assertThat(compactor.moveForward(connection.jetStreamManagement().getMessage(STREAM, notARecord))).isFalse();
        assertThat(stored("alice").message()).isEqualTo("new");
        assertThat(stored("alice").revision()).isEqualTo(second);
    }

    /**
     * A user the cache does not hold (past its bound) is moved once storage confirms the record is still the user's
     * last; an older one of theirs, or a deleted user's marker, is not.
     */
    @Test
    void aUserTheCacheDoesNotHoldIsMovedOnlyWhileStorageHoldsNothingLater() throws Exception {
        long bobOld = kv.put(UserKeyCodec.encode("bob"), codec.encode(online("bob", "old")));
        MessageInfo bobRead = connection.jetStreamManagement().getMessage(STREAM, bobOld);
        long bobNew = kv.put(UserKeyCodec.encode("bob"), codec.encode(online("bob", "new")));
        long carol = kv.put(UserKeyCodec.encode("carol"), codec.encode(online("carol", "hi")));
        kv.put(UserKeyCodec.encode("dan"), codec.encode(online("dan", "leaving")));
        kv.delete(UserKeyCodec.encode("dan"));
        MessageInfo marker = connection.jetStreamManagement().getLastMessage(STREAM, "$KV.presence."
                + UserKeyCodec.encode("dan"));

        BucketCompactor compactor = compactor(true, 0);
        assertThat(compactor.moveForward(bobRead)).isFalse();
        assertThat(stored("bob").revision()).isEqualTo(bobNew);
        assertThat(compactor.moveForward(marker)).isFalse();
        assertThat(kv.get(UserKeyCodec.encode("dan"))).isNull();

        assertThat(compactor.moveForward(connection.jetStreamManagement().getMessage(STREAM, carol))).isTrue();
        PresenceRecord moved = stored("carol");
        assertThat(moved.revision()).isGreaterThan(carol);
        assertThat(moved.restates(online("carol", "hi").withRevision(carol))).isTrue();
        assertThat(cache.cached("carol")).isEmpty();
    }

    /** Records no move takes (here deleted users' markers) must not be read again every second. */
    @Test
    void recordsItLeavesWhereTheyAreArePassedOverOnce() throws Exception {
        for (String gone : List.of("bob", "carol")) {
            kv.put(UserKeyCodec.encode(gone), codec.encode(online(gone, "leaving")));
            kv.delete(UserKeyCodec.encode(gone));
        }
        put(online("alice", "cached"));
        for (int round = 0; round < 20; round++) {
            put(online("dave", "round " + round));
        }
        assertThat(stream().getFirstSequence()).isEqualTo(2);

        BucketCompactor compactor = compactor(true, 0, 2);
        assertThat(compactor.pass()).as("bob's and carol's markers: left").isZero();
        assertThat(compactor.pass()).as("alice, after them").isEqualTo(1);
        assertThat(stored("alice").message()).isEqualTo("cached");
        assertThat(stored("alice").revision()).isGreaterThan(25);
        assertThat(stream().getFirstSequence()).isEqualTo(2);
        assertThat(compactor.pass()).isZero();
    }

    @Test
    void aBucketSpanningFewerRevisionsThanTheMinimumOrLedElsewhereIsLeftAsItIs() throws Exception {
        writeSpreadOut();
        assertThat(compactor(true, 1_000).pass()).isZero();
        assertThat(compactor(false, 0).pass()).isZero();
        assertThat(stream().getFirstSequence()).isEqualTo(6);
    }

    @Test
    void aWatchHearsAMovedRecordAsMovedAndAnyOtherWriteAsAPut() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        PresenceChangeListener recorder = new PresenceChangeListener() {
            @Override
            public void onPut(PresenceRecord record) {
                heard.add("put " + record.userId() + " " + record.message());
            }

            @Override
            public void onMoved(PresenceRecord record) {
                heard.add("moved " + record.userId() + " " + record.message());
            }

            @Override
            public void onDelete(String userId, long revision) {
                heard.add("delete " + userId);
            }
        };
        KvWatch watch = new KvWatch(connection, kv, kv, store, cache, List.of(cache, recorder));
        watch.load();
        try {
            kv.put(UserKeyCodec.encode("alice"), codec.encode(online("alice", "hello")));
            for (int round = 0; round < 10; round++) {
                kv.put(UserKeyCodec.encode("bob"), codec.encode(online("bob", "round " + round)));
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard).hasSize(11));

            assertThat(compactor(true, 0).pass()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard).hasSize(12));
            assertThat(heard.get(11)).isEqualTo("moved alice hello");
            assertThat(cache.cached("alice").orElseThrow().revision()).isEqualTo(12);

            kv.put(UserKeyCodec.encode("alice"), codec.encode(online("alice", "changed")));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard).hasSize(13));
            assertThat(heard.get(12)).isEqualTo("put alice changed");
        } finally {
            watch.stop();
        }
    }

    @Test
    void startedItMovesRecordsEverySecondUntilStopped() throws Exception {
        writeSpreadOut();
        BucketCompactor compactor = compactor(true, 0);
        compactor.start();
        try {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> metrics.counter(BucketCompactor.MOVED_METRIC).getCount() == 15);
        } finally {
            compactor.stop();
        }
        assertThat(stream().getFirstSequence()).isGreaterThan(500);
    }
}
