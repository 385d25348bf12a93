package io.presence.service.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.api.PresenceStatus;
import io.presence.api.PresenceUpdate;
import io.presence.service.testing.InMemoryPresenceStore;
import io.presence.service.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ExpiryReaperTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

    private final InMemoryPresenceStore store = new InMemoryPresenceStore();
    private final MutableClock clock = new MutableClock(T0);
    private final PresenceService service = new PresenceService(store, new PresenceSettings(), "node-a", clock);
    private final ExpiryReaper reaper = new ExpiryReaper(store, "reaper-node", clock, Duration.ofMillis(100));

    private PresenceRecord heartbeat(String userId, long ttlSeconds) {
        PresenceRecord stored = service.update(userId, new PresenceUpdate(PresenceStatus.ONLINE, "hi", ttlSeconds),
                OptionalLong.empty());
        reaper.onPut(stored);
        return stored;
    }

    @Test
    void writesOfflineOnceTheStatusLapses() {
        PresenceRecord online = heartbeat("alice", 10);

        clock.advance(Duration.ofSeconds(9));
        reaper.reapDue();
        assertThat(store.get("alice").orElseThrow().status()).isEqualTo(PresenceStatus.ONLINE);

        clock.advance(Duration.ofSeconds(1));
        reaper.reapDue();
        PresenceRecord offline = store.get("alice").orElseThrow();
        assertThat(offline.status()).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(offline.lastSeen()).isEqualTo(online.lastSeen());
        assertThat(offline.message()).isEqualTo("hi");
        assertThat(offline.nodeId()).isEqualTo("reaper-node");
        assertThat(offline.isLapsedUnwritten()).isFalse();
        assertThat(reaper.pending()).isZero();
    }

    @Test
    void aFreshHeartbeatPostponesTheLapse() {
        heartbeat("alice", 10);
        clock.advance(Duration.ofSeconds(8));
        heartbeat("alice", 10);

        clock.advance(Duration.ofSeconds(5));
        reaper.reapDue();

        assertThat(store.get("alice").orElseThrow().status()).isEqualTo(PresenceStatus.ONLINE);
        assertThat(reaper.pending()).isEqualTo(1);
    }

    @Test
    void aHeartbeatThatLandsFirstWinsTheCompareAndSet() {
        heartbeat("alice", 10);
        clock.advance(Duration.ofSeconds(11));
        // Stored directly, as another node's heartbeat the watch has not delivered yet.
        service.update("alice", PresenceUpdate.of(PresenceStatus.BUSY), OptionalLong.empty());
        reaper.reapDue();

        assertThat(store.get("alice").orElseThrow().status()).isEqualTo(PresenceStatus.BUSY);
    }

    @Test
    void explicitOfflineOrDeleteCancelsTheLapse() {
        heartbeat("alice", 10);
        heartbeat("bob", 10);
        reaper.onPut(service.update("alice", PresenceUpdate.of(PresenceStatus.OFFLINE), OptionalLong.empty()));
        reaper.onDelete("bob", 99);

        assertThat(reaper.pending()).isZero();
    }

    @Test
    void retriesWhenStorageIsDown() {
        heartbeat("alice", 10);
        clock.advance(Duration.ofSeconds(10));
        store.setUnavailable(true);
        reaper.reapDue();
        assertThat(reaper.pending()).isEqualTo(1);

        store.setUnavailable(false);
        clock.advance(Duration.ofSeconds(1));
        reaper.reapDue();
        assertThat(store.get("alice").orElseThrow().status()).isEqualTo(PresenceStatus.OFFLINE);
    }

    @Test
    void storedTimesBeyondMillisecondRangeAreQueuedNotRefused() {
        PresenceRecord never = new PresenceRecord("far", PresenceStatus.ONLINE, null, T0, T0, Instant.MAX, 1L, "x", 1);
        PresenceRecord ancient = new PresenceRecord("old", PresenceStatus.ONLINE, null, T0, T0, Instant.MIN, 1L, "x", 1);
        store.put(never);
        store.put(ancient);

        reaper.onPut(never);
        reaper.onPut(ancient);
        reaper.reapDue();

        assertThat(store.get("old").orElseThrow().status()).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(store.get("far").orElseThrow().status()).isEqualTo(PresenceStatus.ONLINE);
        assertThat(reaper.pending()).isEqualTo(1);
    }
}
