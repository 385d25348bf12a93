package io.presence.service.core;

import static io.presence.service.testing.ServiceWrites.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.presence.api.PresenceStatus;
import io.presence.api.PresenceUpdate;
import io.presence.service.core.InvalidInputException;
import io.presence.service.testing.ForwardingPresenceStore;
import io.presence.service.testing.InMemoryPresenceStore;
import io.presence.service.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PresenceServiceTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

    private final InMemoryPresenceStore store = new InMemoryPresenceStore();
    private final MutableClock clock = new MutableClock(T0);
    private final PresenceService service = new PresenceService(store, new PresenceSettings(), "node-a", clock);

    @Test
    void heartbeatSetsLastSeenAndExpiryFromDefaultTtl() {
        PresenceRecord stored = update(service, "alice", PresenceUpdate.of(PresenceStatus.ONLINE), OptionalLong.empty());

        assertThat(stored.status()).isEqualTo(PresenceStatus.ONLINE);
        assertThat(stored.lastSeen()).isEqualTo(T0);
        assertThat(stored.updatedAt()).isEqualTo(T0);
        assertThat(stored.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(stored.ttlSeconds()).isEqualTo(300);
        assertThat(stored.nodeId()).isEqualTo("node-a");
        assertThat(stored.revision()).isPositive();
    }

    @Test
    void returnsOfflineAfterTtlExpiresKeepingLastSeen() {
        update(service, "alice", new PresenceUpdate(PresenceStatus.BUSY, "in a call", 60L), OptionalLong.empty());
        clock.advance(Duration.ofSeconds(59));
        assertThat(service.find("alice")).get().extracting(PresenceRecord::status).isEqualTo(PresenceStatus.BUSY);

        clock.advance(Duration.ofSeconds(1));
        PresenceRecord lapsed = service.find("alice").orElseThrow();
        assertThat(lapsed.status()).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(lapsed.lastSeen()).isEqualTo(T0);
        assertThat(lapsed.message()).isEqualTo("in a call");
        assertThat(lapsed.isLapsedUnwritten()).isTrue();
    }

    @Test
    void explicitOfflineHasNoExpiryAndStampsLastSeen() {
        update(service, "alice", PresenceUpdate.of(PresenceStatus.ONLINE), OptionalLong.empty());
        clock.advance(Duration.ofSeconds(10));
        PresenceRecord offline = update(service, "alice", PresenceUpdate.of(PresenceStatus.OFFLINE),
                OptionalLong.empty());

        assertThat(offline.expiresAt()).isNull();
        assertThat(offline.ttlSeconds()).isNull();
        assertThat(offline.lastSeen()).isEqualTo(T0.plusSeconds(10));
        assertThat(offline.isLapsedUnwritten()).isFalse();
    }

    @Test
    void rejectsTtlOutsideConfiguredRangeNamingTheField() {
        assertThatThrownBy(() -> update(service, "alice", new PresenceUpdate(PresenceStatus.ONLINE, null, 4L),
                OptionalLong.empty()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.unprocessable()).isTrue();
                    assertThat(e.details()).singleElement().satisfies(d -> {
                        assertThat(d.field()).isEqualTo("ttlSeconds");
                        assertThat(d.message()).contains("between 5 and 86400");
                    });
                });
        assertThatThrownBy(() -> update(service, "alice", new PresenceUpdate(PresenceStatus.ONLINE, null, 86_401L),
                OptionalLong.empty())).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rejectsMessageLongerThanConfigured() {
        PresenceSettings settings = new PresenceSettings();
        settings.setMaxMessageLength(5);
        PresenceService strict = new PresenceService(store, settings, "node-a", clock);

        assertThatThrownBy(() -> update(strict, "alice", new PresenceUpdate(PresenceStatus.AWAY, "123456", null),
                OptionalLong.empty()))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.details().get(0).field()).isEqualTo("message"));
    }

    @Test
    void countsTheConfiguredMessageLengthInCharactersSoAnEmojiIsOne() {
        PresenceSettings settings = new PresenceSettings();
        settings.setMaxMessageLength(5);
        PresenceService strict = new PresenceService(store, settings, "node-a", clock);
        String emoji = "\uD83C\uDF89";

        assertThat(update(strict, "alice", new PresenceUpdate(PresenceStatus.AWAY, emoji.repeat(5), null),
                OptionalLong.empty()).message()).isEqualTo(emoji.repeat(5));
        assertThatThrownBy(() -> update(strict, "alice", new PresenceUpdate(PresenceStatus.AWAY, emoji.repeat(6), null),
                OptionalLong.empty()))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.details().get(0).message()).isEqualTo("must be at most 5 characters (was 6)"));
    }

    @Test
    void emptyMessageIsStoredAsNone() {
        PresenceRecord stored = update(service, "alice", new PresenceUpdate(PresenceStatus.AWAY, "", null),
                OptionalLong.empty());
        assertThat(stored.message()).isNull();
    }

    @Test
    void ifMatchWritesOnlyAtThatRevision() {
        PresenceRecord first = update(service, "alice", PresenceUpdate.of(PresenceStatus.ONLINE), OptionalLong.empty());
        PresenceRecord second = update(service, "alice", PresenceUpdate.of(PresenceStatus.AWAY),
                OptionalLong.of(first.revision()));
        assertThat(second.revision()).isGreaterThan(first.revision());

        assertThatThrownBy(() -> update(service, "alice", PresenceUpdate.of(PresenceStatus.BUSY),
                OptionalLong.of(first.revision()))).isInstanceOf(StoreConflictException.class);
    }

    @Test
    void findAllKeepsRequestOrderAndAnswersDuplicatesOnce() {
        update(service, "bob", PresenceUpdate.of(PresenceStatus.ONLINE), OptionalLong.empty());
        update(service, "alice", PresenceUpdate.of(PresenceStatus.AWAY), OptionalLong.empty());

        PresenceLookup lookup = service.findAll(List.of("alice", "nobody", "bob", "alice", "nobody"));

        assertThat(lookup.found()).extracting(PresenceRecord::userId).containsExactly("alice", "bob");
        assertThat(lookup.notFound()).containsExactly("nobody");
    }

    @Test
    void settingsRejectDefaultOutsideRange() {
        PresenceSettings settings = new PresenceSettings();
        assertThat(settings.isTtlRangeConsistent()).isTrue();
        settings.setDefaultTtl(io.dropwizard.util.Duration.days(2));
        assertThat(settings.isTtlRangeConsistent()).isFalse();
    }

    private static PresenceRecord backedUp(String userId, Instant updatedAt, String message) {
        return new PresenceRecord(userId, PresenceStatus.AWAY, message, updatedAt.minusSeconds(5), updatedAt,
                updatedAt.plusSeconds(600), 600L, "old-node", 77);
    }

    @Test
    void restoreKeepsTheRecordAsItWasAndStorageGivesTheRevision() {
        PresenceRecord backup = backedUp("alice", T0.minusSeconds(3600), "from the backup");

        assertThat(service.restore(backup)).isTrue();

        PresenceRecord stored = store.get("alice").orElseThrow();
        assertThat(stored.withRevision(77)).isEqualTo(backup);
        assertThat(stored.revision()).isNotEqualTo(77).isPositive();
    }

    @Test
    void restoreSkipsWhatIsNotNewerThanTheStoredRecord() {
        PresenceRecord backup = backedUp("alice", T0, "m");
        assertThat(service.restore(backup)).isTrue();
        long revision = store.get("alice").orElseThrow().revision();

        assertThat(service.restore(backup)).as("the same record again").isFalse();
        assertThat(service.restore(backedUp("alice", T0.minusMillis(1), "older"))).isFalse();
        update(service, "bob", PresenceUpdate.of(PresenceStatus.ONLINE), OptionalLong.empty());
        assertThat(service.restore(backedUp("bob", T0.minusSeconds(60), "older than bob's heartbeat"))).isFalse();

        assertThat(store.get("alice").orElseThrow().revision()).isEqualTo(revision);
        assertThat(store.get("bob").orElseThrow().message()).isNull();
        assertThat(service.restore(backedUp("alice", T0.plusMillis(1), "newer"))).isTrue();
        assertThat(store.get("alice").orElseThrow().message()).isEqualTo("newer");
    }

    /** A user's latest write may be a session that does not decide: the record's updatedAt is the decider's. */
    @Test
    void restoreSkipsALineOlderThanAnySessionsLatestWrite() {
        service.commit(service.sessionWrite("jay", "phone", new PresenceUpdate(PresenceStatus.BUSY, null, 600L)),
                OptionalLong.empty());
        clock.advance(Duration.ofSeconds(3));
        service.commit(service.sessionWrite("jay", "laptop", new PresenceUpdate(PresenceStatus.ONLINE, null, 600L)),
                OptionalLong.empty());
        PresenceRecord stored = store.get("jay").orElseThrow();
        assertThat(stored.updatedAt()).as("the busy phone decides").isEqualTo(T0);

        PresenceRecord older = new PresenceRecord("jay", PresenceStatus.OFFLINE, null, T0.plusSeconds(1),
                T0.plusSeconds(1), null, null, "old-backup", 9);
        assertThat(service.restore(older)).isFalse();
        assertThat(store.get("jay").orElseThrow()).isEqualTo(stored);
    }

    @Test
    void restoreComparesAgainWhenAWriteCameInBetween() {
        PresenceRecord backup = backedUp("carol", T0, "backup");
        int[] reads = {0};
        PresenceStore racing = new ForwardingPresenceStore(store) {
            @Override
            public java.util.Optional<PresenceRecord> get(String userId) {
                if (reads[0]++ == 0) {
                    java.util.Optional<PresenceRecord> before = store.get(userId);
                    // a heartbeat lands between the read and the compare-and-set
                    store.put(backedUp(userId, T0.plusSeconds(1), "live"));
                    return before;
                }
                return super.get(userId);
            }
        };

        assertThat(new PresenceService(racing, new PresenceSettings(), "node-a", clock).restore(backup)).isFalse();
        assertThat(store.get("carol").orElseThrow().message()).isEqualTo("live");
    }

    @Test
    void restoreGivesUpWhenTheRecordKeepsChanging() {
        PresenceStore changing = new PresenceStore() {
            @Override
            public java.util.Optional<PresenceRecord> get(String userId) {
                return java.util.Optional.empty();
            }

            @Override
            public PresenceRecord put(PresenceRecord record) {
                throw new AssertionError("a restore compares and sets");
            }

            @Override
            public PresenceRecord putIfRevision(PresenceRecord record, long expectedRevision) {
                throw new StoreConflictException(record.userId(), expectedRevision, null);
            }

            @Override
            public long latestRevision() {
                return 0;
            }

            @Override
            public PresenceScan scan() {
                throw new UnsupportedOperationException();
            }
        };

        assertThatThrownBy(() -> new PresenceService(changing, new PresenceSettings(), "node-a", clock)
                .restore(backedUp("dave", T0, null)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("'dave' kept changing")
                .hasCauseInstanceOf(StoreConflictException.class);
    }

    @Test
    void scanGivesTheStoredRecordsNotTheEffectiveOnes() {
        update(service, "alice", new PresenceUpdate(PresenceStatus.BUSY, null, 60L), OptionalLong.empty());
        update(service, "bob", PresenceUpdate.of(PresenceStatus.AWAY), OptionalLong.empty());
        update(service, "bob", PresenceUpdate.of(PresenceStatus.OFFLINE), OptionalLong.empty());
        clock.advance(Duration.ofHours(1));

        List<PresenceRecord> all = new java.util.ArrayList<>();
        try (PresenceScan scan = service.scan()) {
            for (java.util.Optional<PresenceRecord> next = scan.next(); next.isPresent(); next = scan.next()) {
                all.add(next.get());
            }
        }

        assertThat(all).extracting(PresenceRecord::userId).containsExactly("alice", "bob");
        assertThat(all.get(0).status()).as("lapsed, but stored busy").isEqualTo(PresenceStatus.BUSY);
        assertThat(store.scansClosed()).isEqualTo(1);
    }

    @Test
    void aWriteIsStoredWithoutAConditionAndReportedBeforeAndAfter() {
        List<PresenceRecord> reported = new java.util.ArrayList<>();
        PresenceService watched = new PresenceService(new ForwardingPresenceStore(store) {
            @Override
            public PresenceRecord putIfRevision(PresenceRecord record, long expectedRevision) {
                throw new AssertionError("a plain write is no compare-and-set (it would stall leaf mirrors)");
            }
        }, new PresenceSettings(), "node-a", clock, new WriteLog() {
            @Override
            public void writing(PresenceChange change) {
                reported.add(null);
            }

            @Override
            public void written(PresenceChange change, PresenceRecord stored) {
                reported.add(stored);
            }

            @Override
            public void failed(PresenceChange change) {
                throw new AssertionError("the write was stored");
            }
        }, new UserLocks());

        PresenceRecord stored = watched.commit(watched.sessionWrite("alice", "laptop",
                PresenceUpdate.of(PresenceStatus.ONLINE)), OptionalLong.empty());

        assertThat(reported).containsExactly(null, stored);
    }

    /** Two devices' first writes at once: the second starts from the record the first stored, not from nothing. */
    @Test
    void writesOfOneUserTakeTurnsSoNeitherSessionIsLost() throws Exception {
        CountDownLatch firstPutStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstPut = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        PresenceService racing = new PresenceService(new ForwardingPresenceStore(store) {
            @Override
            public PresenceRecord put(PresenceRecord record) {
                if (first.getAndSet(false)) {
                    firstPutStarted.countDown();
                    awaitQuietly(releaseFirstPut);
                }
                return super.put(record);
            }
        }, new PresenceSettings(), "node-a", clock);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<PresenceRecord> laptop = pool.submit(() -> racing.commit(racing.sessionWrite("alice", "laptop",
                    PresenceUpdate.of(PresenceStatus.ONLINE)), OptionalLong.empty()));
            assertThat(firstPutStarted.await(10, TimeUnit.SECONDS)).isTrue();
            AtomicReference<Thread> phoneThread = new AtomicReference<>();
            Future<PresenceRecord> phone = pool.submit(() -> {
                phoneThread.set(Thread.currentThread());
                return racing.commit(racing.sessionWrite("alice", "phone", PresenceUpdate.of(PresenceStatus.BUSY)),
                        OptionalLong.empty());
            });
            // The phone's write either waits its turn or, without turns, has already stored a record lacking the laptop.
            await().atMost(Duration.ofSeconds(10)).until(() -> phone.isDone() || phoneThread.get() != null
                    && phoneThread.get().getState() == Thread.State.WAITING);
            releaseFirstPut.countDown();
            laptop.get(10, TimeUnit.SECONDS);
            phone.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.get("alice").orElseThrow().sessions()).extracting(SessionState::sessionId)
                .containsExactlyInAnyOrder("laptop", "phone");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A service over the same storage whose cache still holds {@code cached}, as on a node whose watch lags. */
    private PresenceService cacheBehind(PresenceRecord cached) {
        return cacheHolding(Optional.of(cached));
    }

    /** As {@link #cacheBehind}, with {@code cached} empty: the cache has not seen the user at all. */
    private PresenceService cacheHolding(Optional<PresenceRecord> cached) {
        return new PresenceService(new ForwardingPresenceStore(store) {
            @Override
            public Optional<PresenceRecord> get(String userId) {
                return cached;
            }

            @Override
            public Optional<PresenceRecord> latest(String userId) {
                return store.get(userId);
            }
        }, new PresenceSettings(), "node-a", clock);
    }

    @Test
    void aConditionalWriteReadsStorageWhenTheCacheIsBehindAndFailsOnAStaleRevision() {
        PresenceRecord first = update(service, "alice", PresenceUpdate.of(PresenceStatus.ONLINE), OptionalLong.empty());
        PresenceRecord second = update(service, "alice", PresenceUpdate.of(PresenceStatus.AWAY), OptionalLong.empty());
        PresenceService behind = cacheBehind(first);

        PresenceRecord stored = behind.commit(behind.sessionWrite("alice", "default",
                PresenceUpdate.of(PresenceStatus.BUSY)), OptionalLong.of(second.revision()));
        assertThat(stored.status()).isEqualTo(PresenceStatus.BUSY);

        assertThatThrownBy(() -> behind.commit(behind.sessionWrite("alice", "default",
                PresenceUpdate.of(PresenceStatus.AWAY)), OptionalLong.of(second.revision())))
                .isInstanceOf(StoreConflictException.class);
    }

    @Test
    void aSignOutOfAUserTheCacheHasNotSeenYetEndsWhatStorageHolds() {
        update(service, "alice", PresenceUpdate.of(PresenceStatus.ONLINE), OptionalLong.empty());
        PresenceRecord phone = service.commit(service.sessionWrite("alice", "phone",
                PresenceUpdate.of(PresenceStatus.BUSY)), OptionalLong.empty());
        clock.advance(Duration.ofSeconds(1));
        PresenceService unaware = cacheHolding(Optional.empty());

        PresenceRecord oneEnded = unaware.commit(unaware.sessionEnd("alice", "phone"), OptionalLong.empty());
        assertThat(oneEnded.status()).isEqualTo(PresenceStatus.ONLINE);
        assertThatThrownBy(() -> unaware.commit(unaware.sessionEnd("alice", "phone"), OptionalLong.of(phone.revision())))
                .isInstanceOf(StoreConflictException.class);
        PresenceRecord offline = unaware.commit(unaware.sessionWrite("alice", "default",
                PresenceUpdate.of(PresenceStatus.OFFLINE)), OptionalLong.empty());
        assertThat(offline.status()).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(store.get("alice")).hasValue(offline);
        assertThatThrownBy(() -> unaware.commit(unaware.sessionEnd("bob", null), OptionalLong.empty()))
                .isInstanceOf(PresenceNotFoundException.class);
    }

    @Test
    void signingOutAgainStoresNothingAndKeepsWhenTheUserWasLastSeen() {
        update(service, "alice", PresenceUpdate.of(PresenceStatus.ONLINE), OptionalLong.empty());
        PresenceRecord signedOut = service.commit(service.sessionEnd("alice", null), OptionalLong.empty());
        clock.advance(Duration.ofHours(1));

        PresenceRecord again = service.commit(service.sessionEnd("alice", null), OptionalLong.empty());

        assertThat(again).isEqualTo(signedOut);
        assertThat(again.lastSeen()).isEqualTo(T0);
        assertThat(store.get("alice")).hasValue(signedOut);
        assertThat(service.commit(service.sessionEnd("alice", null), OptionalLong.of(signedOut.revision())))
                .isEqualTo(signedOut);
    }

    @Test
    void aSignOutTheCacheSaysChangesNothingStillEndsWhatStorageHolds() {
        update(service, "alice", PresenceUpdate.of(PresenceStatus.ONLINE), OptionalLong.empty());
        PresenceRecord signedOut = service.commit(service.sessionEnd("alice", null), OptionalLong.empty());
        clock.advance(Duration.ofSeconds(5));
        update(service, "alice", PresenceUpdate.of(PresenceStatus.BUSY), OptionalLong.empty());
        clock.advance(Duration.ofSeconds(5));
        PresenceService behind = cacheBehind(signedOut);

        PresenceRecord stored = behind.commit(behind.sessionEnd("alice", null), OptionalLong.empty());

        assertThat(stored.status()).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(stored.lastSeen()).isEqualTo(T0.plusSeconds(10));
        assertThat(stored.revision()).isGreaterThan(signedOut.revision());
    }

    @Test
    void theLiveSessionsOfAFoundRecordAreThoseNotLapsedNow() {
        service.commit(service.sessionWrite("alice", "phone", new PresenceUpdate(PresenceStatus.BUSY, null, 10L)),
                OptionalLong.empty());
        service.commit(service.sessionWrite("alice", "laptop", new PresenceUpdate(PresenceStatus.ONLINE, null, 60L)),
                OptionalLong.empty());
        clock.advance(Duration.ofSeconds(10));

        PresenceRecord found = service.find("alice").orElseThrow();
        assertThat(found.status()).isEqualTo(PresenceStatus.ONLINE);
        assertThat(service.liveSessions(found)).extracting(SessionState::sessionId).containsExactly("laptop");
    }
}
