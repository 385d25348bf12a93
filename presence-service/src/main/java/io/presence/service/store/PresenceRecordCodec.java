package io.presence.service.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.presence.api.PresenceStatus;
import io.presence.service.core.PresenceRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.presence.service.core.SessionState;
import java.time.Instant;
import java.util.List;

/**
 * The JSON stored as a KV value. Neither the revision (KV assigns it) nor the user's id (the key holds it) is
 * part of it, and its instants are decimal seconds ({@link StoredInstants}): the smaller a record, the less
 * memory nats-server keeps for the bucket's blocks under writes. Unknown fields are
 * ignored so that a newer node's records stay readable by an older one during a rolling upgrade: the
 * top-level fields are the user's aggregate presence, which is all an older node reads; {@code sessions},
 * {@code invisibleSince}, {@code publicFrom} and {@code hideLastSeen} (and a session's {@code changedAt}) are
 * written only when they hold something, so a user with one default session is stored exactly as before sessions
 * existed.
 */
public final class PresenceRecordCodec {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StoredValue(PresenceStatus status, String message, Instant lastSeen,
                       Instant updatedAt, Instant expiresAt, Long ttlSeconds, String nodeId,
                       List<StoredSession> sessions, Instant invisibleSince, Boolean hideLastSeen,
                       Long publicFrom, Long invisibleFrom) {
    }

    /**
     * One session; {@code id} rather than {@code sessionId}, as it is stored once per session. {@code changedAt}
     * is left out when it is {@code updatedAt} (most sessions: their last write changed them), and read as
     * {@code updatedAt} when absent, so sessions written by nodes from before it read as changed at their last
     * write.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StoredSession(String id, PresenceStatus status, String message, Instant lastSeen, Instant updatedAt,
                         Instant changedAt, Instant expiresAt, long ttlSeconds, String nodeId) {
    }

    private final ObjectWriter writer;
    private final ObjectReader reader;

    public PresenceRecordCodec(ObjectMapper mapper) {
        ObjectMapper stored = mapper.copy().registerModule(StoredInstants.module());
        this.writer = stored.writerFor(StoredValue.class);
        this.reader = stored.readerFor(StoredValue.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public byte[] encode(PresenceRecord record) {
        try {
            List<StoredSession> sessions = record.sessions().isEmpty() ? null : record.sessions().stream()
                    .map(s -> new StoredSession(s.sessionId(), s.status(), s.message(), s.lastSeen(), s.updatedAt(),
                            s.changedAt().equals(s.updatedAt()) ? null : s.changedAt(), s.expiresAt(), s.ttlSeconds(),
                            s.nodeId()))
                    .toList();
            return writer.writeValueAsBytes(new StoredValue(record.status(), record.message(),
                    record.lastSeen(), record.updatedAt(), record.expiresAt(), record.ttlSeconds(),
                    record.nodeId(), sessions, record.invisibleSince(), record.hideLastSeen() ? Boolean.TRUE : null,
                    record.publicFrom() == 0 ? null : record.publicFrom(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a stored value.
     *
     * @throws IllegalArgumentException when the bytes are not a presence record (written by something else)
     */
    public PresenceRecord decode(String userId, byte[] value, long revision) {
        StoredValue stored;
        try {
            stored = reader.readValue(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a presence record: " + e.getMessage(), e);
        }
        if (stored == null || stored.status() == null || stored.lastSeen() == null || stored.updatedAt() == null) {
            throw new IllegalArgumentException("not a presence record: status, lastSeen or updatedAt missing");
        }
        List<SessionState> sessions = stored.sessions() == null ? List.of() : stored.sessions().stream()
                .map(PresenceRecordCodec::session).toList();
        return new PresenceRecord(userId, stored.status(), stored.message(), stored.lastSeen(), stored.updatedAt(),
                stored.expiresAt(), stored.ttlSeconds(), stored.nodeId(), revision, sessions,
                stored.invisibleSince(), Boolean.TRUE.equals(stored.hideLastSeen()), publicFrom(stored));
    }

    /** {@code publicFrom}, or as the first nodes with it named it while only invisible users had one. */
    private static long publicFrom(StoredValue stored) {
        Long from = stored.publicFrom() != null ? stored.publicFrom() : stored.invisibleFrom();
        boolean privacy = stored.invisibleSince() != null || Boolean.TRUE.equals(stored.hideLastSeen());
        return from == null || !privacy ? 0 : from;
    }

    private static SessionState session(StoredSession stored) {
        if (stored == null || stored.id() == null || stored.status() == null || stored.lastSeen() == null
                || stored.updatedAt() == null || stored.expiresAt() == null) {
            throw new IllegalArgumentException("not a presence record: a session lacks id, status, lastSeen,"
                    + " updatedAt or expiresAt");
        }
        return new SessionState(stored.id(), stored.status(), stored.message(), stored.lastSeen(), stored.updatedAt(),
                stored.changedAt() != null ? stored.changedAt() : stored.updatedAt(), stored.expiresAt(),
                stored.ttlSeconds(), stored.nodeId());
    }
}
