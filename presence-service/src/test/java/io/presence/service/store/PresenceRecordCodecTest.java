package io.presence.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import io.dropwizard.jackson.Jackson;
import io.presence.api.PresenceStatus;
import io.dropwizard.core.setup.Bootstrap;
import io.presence.service.PresenceApplication;
import io.presence.service.PresenceConfiguration;
import io.presence.service.json.StrictJson;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.SessionState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored form: sessions and privacy round-trip; a user with one default session is stored as before. */
class PresenceRecordCodecTest {

    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");
    private final PresenceRecordCodec codec = new PresenceRecordCodec(Jackson.newObjectMapper());

    @Test
    void sessionsAndPrivacyRoundTrip() {
        List<SessionState> sessions = List.of(
                new SessionState("phone", PresenceStatus.BUSY, "on a call", T0, T0, T0, T0.plusSeconds(60), 60, "n1"),
                new SessionState("laptop", PresenceStatus.ONLINE, null, T0, T0, T0, T0.plusSeconds(600), 600, "n2"));
        PresenceRecord record = new PresenceRecord("alice", PresenceStatus.BUSY, "on a call", T0, T0,
                T0.plusSeconds(600), 60L, "n1", 0, sessions, T0.minusSeconds(5), true);

        assertThat(codec.decode("alice", codec.encode(record), 9)).isEqualTo(record.withRevision(9));
        PresenceRecord stillHidden = new PresenceRecord("alice", PresenceStatus.BUSY, "on a call", T0, T0,
                T0.plusSeconds(600), 60L, "n1", 0, sessions, T0.minusSeconds(5), false, 7);
        assertThat(codec.decode("alice", codec.encode(stillHidden), 9)).isEqualTo(stillHidden.withRevision(9));
        PresenceRecord quiet = new PresenceRecord("alice", PresenceStatus.BUSY, "on a call", T0, T0,
                T0.plusSeconds(600), 60L, "n1", 0, sessions, null, true, 7);
        assertThat(codec.decode("alice", codec.encode(quiet), 9)).isEqualTo(quiet.withRevision(9));
    }

    /** A session beating since its last change keeps when that was; one its last write changed is stored as before. */
    @Test
    void aSessionsChangeRoundTripsAndIsStoredOnlyWhenItIsNotItsLastWrite() {
        List<SessionState> sessions = List.of(
                new SessionState("phone", PresenceStatus.ONLINE, "on the bus", T0, T0, T0.minusSeconds(300),
                        T0.plusSeconds(60), 60, "n1"),
                new SessionState("laptop", PresenceStatus.ONLINE, "at my desk", T0, T0, T0, T0.plusSeconds(60), 60,
                        "n1"));
        PresenceRecord record = PresenceRecord.aggregate("alice", sessions, T0, "n1", null, false, 0);

        String stored = new String(codec.encode(record), StandardCharsets.UTF_8);

        assertThat(stored).containsOnlyOnce("changedAt");
        assertThat(codec.decode("alice", stored.getBytes(StandardCharsets.UTF_8), 4)).isEqualTo(record.withRevision(4));
        assertThat(codec.decode("alice", stored.getBytes(StandardCharsets.UTF_8), 4).sessions())
                .extracting(SessionState::changedAt).containsExactly(T0.minusSeconds(300), T0);
    }

    /** Nodes from before changedAt stored none: such a session reads as changed at its last write. */
    @Test
    void aSessionStoredWithoutItsChangeReadsAsChangedWhenLastWritten() {
        String stored = "{\"status\":\"online\",\"lastSeen\":\"2026-12-04T12:00:05Z\","
                + "\"updatedAt\":\"2026-12-04T12:00:05Z\",\"expiresAt\":\"2026-12-04T12:01:05Z\",\"ttlSeconds\":60,"
                + "\"nodeId\":\"old\",\"sessions\":[{\"id\":\"phone\",\"status\":\"online\",\"message\":\"a\","
                + "\"lastSeen\":\"2026-12-04T12:00:00Z\",\"updatedAt\":\"2026-12-04T12:00:00Z\","
                + "\"expiresAt\":\"2026-12-04T12:01:00Z\",\"ttlSeconds\":60,\"nodeId\":\"old\"},"
                + "{\"id\":\"laptop\",\"status\":\"online\",\"message\":\"b\","
                + "\"lastSeen\":\"2026-12-04T12:00:05Z\",\"updatedAt\":\"2026-12-04T12:00:05Z\","
                + "\"expiresAt\":\"2026-12-04T12:01:05Z\",\"ttlSeconds\":60,\"nodeId\":\"old\"}]}";

        PresenceRecord read = codec.decode("u", stored.getBytes(StandardCharsets.UTF_8), 2);

        assertThat(read.sessions()).extracting(SessionState::sessionId, SessionState::changedAt)
                .containsExactly(tuple("phone", T0), tuple("laptop", T0.plusSeconds(5)));
    }

    /** The first nodes to keep a public revision named it invisibleFrom, when only invisible users had one. */
    @Test
    void readsThePublicRevisionUnderItsFirstName() {
        String stored = "{\"status\":\"online\",\"lastSeen\":\"2026-12-04T12:00:00Z\",\"updatedAt\":\"2026-12-04T12:00:00Z\","
                + "\"expiresAt\":\"2026-12-04T12:01:00Z\",\"ttlSeconds\":60,\"nodeId\":\"n1\","
                + "\"invisibleSince\":\"2026-12-04T11:00:00Z\",\"invisibleFrom\":4}";
        PresenceRecord read = codec.decode("u", stored.getBytes(StandardCharsets.UTF_8), 9);
        assertThat(read.publicFrom()).isEqualTo(4);
        assertThat(read.publicRevision()).isEqualTo(4);
        // Without privacy settings there is nothing to keep from others: the record's own revision.
        String visible = stored.replace(",\"invisibleSince\":\"2026-12-04T11:00:00Z\"", "");
        assertThat(codec.decode("u", visible.getBytes(StandardCharsets.UTF_8), 9).publicRevision()).isEqualTo(9);
    }

    @Test
    void aUserWithOneDefaultSessionIsStoredAsBeforeSessions() {
        PresenceRecord record = new PresenceRecord("bob", PresenceStatus.ONLINE, null, T0, T0, T0.plusSeconds(60),
                60L, "n1", 0);

        String stored = new String(codec.encode(record), StandardCharsets.UTF_8);

        assertThat(stored).doesNotContain("sessions", "invisibleSince", "hideLastSeen", "publicFrom");
        assertThat(codec.decode("bob", stored.getBytes(StandardCharsets.UTF_8), 3)).isEqualTo(record.withRevision(3));
    }

    @Test
    void storesInstantsAsDecimalSecondsAndNotTheUserId() {
        PresenceRecord record = new PresenceRecord("bob", PresenceStatus.ONLINE, null, T0.plusMillis(392),
                T0.plusMillis(392), T0.plusSeconds(60), 60L, "n1", 0);

        String stored = new String(codec.encode(record), StandardCharsets.UTF_8);

        assertThat(stored).isEqualTo("{\"status\":\"online\",\"lastSeen\":1796385600.392,"
                + "\"updatedAt\":1796385600.392,\"expiresAt\":1796385660.0,\"ttlSeconds\":60,\"nodeId\":\"n1\"}");
    }

    /**
     * During a rolling upgrade, a node from before this form reads it: Jackson's own instant reader with the
     * strict scalar rules the application's mapper had then (numbers read as numbers, no coercion from strings).
     */
    @Test
    void aNodeFromBeforeReadsTheDecimalInstants() throws Exception {
        ObjectMapper before = Jackson.newObjectMapper().disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        StrictJson.scalarCoercions(before, CoercionAction.Fail);
        Instant odd = Instant.ofEpochSecond(1_796_385_600L, 123_456_789);
        List<SessionState> sessions = List.of(new SessionState("phone", PresenceStatus.BUSY, null, odd, odd,
                odd.minusSeconds(5), odd.plusSeconds(60), 60, "n1"));
        PresenceRecord record = new PresenceRecord("alice", PresenceStatus.BUSY, null, odd, odd,
                odd.plusSeconds(60), 60L, "n1", 0, sessions, null, false);

        PresenceRecordCodec.StoredValue read = before.readerFor(PresenceRecordCodec.StoredValue.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(codec.encode(record));

        assertThat(read.lastSeen()).isEqualTo(odd);
        assertThat(read.expiresAt()).isEqualTo(odd.plusSeconds(60));
        assertThat(read.sessions().get(0).updatedAt()).isEqualTo(odd);
        assertThat(read.sessions().get(0).changedAt()).isEqualTo(odd.minusSeconds(5));
    }

    /** The node's own codec is built on the application's mapper, which reads ISO strings only in request bodies. */
    @Test
    void theApplicationsMapperStoresAndReadsDecimalInstants() {
        PresenceApplication application = new PresenceApplication();
        Bootstrap<PresenceConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        PresenceRecordCodec node = new PresenceRecordCodec(bootstrap.getObjectMapper());
        PresenceRecord record = new PresenceRecord("bob", PresenceStatus.ONLINE, null, T0.plusMillis(392),
                T0.plusMillis(392), T0.plusSeconds(60), 60L, "n1", 0);

        byte[] stored = node.encode(record);

        assertThat(new String(stored, StandardCharsets.UTF_8)).contains("\"lastSeen\":1796385600.392");
        assertThat(node.decode("bob", stored, 4)).isEqualTo(record.withRevision(4));
    }

    /** Records written before, with ISO-8601 instants and the user's id, are read as they were. */
    @Test
    void readsRecordsWithIsoInstants() {
        String stored = "{\"userId\":\"bob\",\"status\":\"online\",\"lastSeen\":\"2026-12-04T12:00:00.392Z\","
                + "\"updatedAt\":\"2026-12-04T12:00:00.392Z\",\"expiresAt\":\"2026-12-04T12:01:00Z\","
                + "\"ttlSeconds\":60,\"nodeId\":\"n1\"}";

        assertThat(codec.decode("bob", stored.getBytes(StandardCharsets.UTF_8), 3)).isEqualTo(new PresenceRecord(
                "bob", PresenceStatus.ONLINE, null, T0.plusMillis(392), T0.plusMillis(392), T0.plusSeconds(60), 60L,
                "n1", 3));
    }

    @Test
    void aSessionWithoutItsTimesIsNotAPresenceRecord() {
        byte[] broken = ("{\"status\":\"online\",\"lastSeen\":\"2026-12-04T12:00:00Z\","
                + "\"updatedAt\":\"2026-12-04T12:00:00Z\",\"sessions\":[{\"id\":\"phone\",\"status\":\"busy\"}]}")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decode("u", broken, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("session");
    }
}
