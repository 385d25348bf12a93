package io.presence.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.presence.api.Presence;
import io.presence.api.PresenceList;
import io.presence.api.PresenceSession;
import io.presence.api.SessionList;
import io.presence.api.Visibility;
import io.presence.service.core.PresenceLookup;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PublicView;
import io.presence.service.core.SessionState;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The one JSON encoding of presence: a read's body, a write's answer, a list, a stream event's data. Built on
 * the application's mapper, so timestamps and field order are the same everywhere.
 */
public final class PresenceJson {

    private final ObjectWriter presence;
    private final ObjectWriter list;
    private final ObjectWriter sessionList;

    public PresenceJson(ObjectMapper mapper) {
        this.presence = mapper.writerFor(Presence.class);
        this.list = mapper.writerFor(PresenceList.class);
        this.sessionList = mapper.writerFor(SessionList.class);
    }

    /** One presence as UTF-8 JSON, as everyone but the user sees it (their privacy settings applied). */
    public byte[] bytes(PresenceRecord record) {
        return write(presence, publicView(record));
    }

    /** One presence as UTF-8 JSON as the user (or an admin) sees it: the true state and the privacy settings. */
    public byte[] ownBytes(PresenceRecord record) {
        return write(presence, ownView(record));
    }

    /**
     * One presence as an export line writes it: the user's own view, with each stored session when the record
     * lists them ({@code liveSessions}), so that an import restores every device, not only the deciding one.
     */
    public byte[] exportBytes(PresenceRecord record) {
        Presence own = ownView(record);
        if (record.sessions().isEmpty()) {
            return write(presence, own);
        }
        return write(presence, new Presence(own.userId(), own.status(), own.message(), own.lastSeen(),
                own.updatedAt(), own.expiresAt(), own.ttlSeconds(), own.nodeId(), own.revision(), own.sessions(),
                own.visibility(), own.shareLastSeen(), own.invisibleSince(), sessions(record.sessions())));
    }

    /** One presence as JSON text on one line, as everyone but the user sees it (a stream event's data). */
    public String text(PresenceRecord record) {
        try {
            return presence.writeValueAsString(publicView(record));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A multi-get's or batch's answer as UTF-8 JSON.
     *
     * @param ownView whether a user is read as their own view ({@link #ownBytes}): the reader is them or an admin
     */
    public byte[] bytes(PresenceLookup lookup, Predicate<String> ownView) {
        return write(list, new PresenceList(lookup.found().stream()
                .map(record -> ownView.test(record.userId()) ? ownView(record) : publicView(record)).toList(),
                lookup.notFound()));
    }

    /** A user's live sessions as UTF-8 JSON, most recently written first. */
    public byte[] bytes(String userId, List<SessionState> live, long revision) {
        return write(sessionList, new SessionList(userId, sessions(live), revision));
    }

    /** Sessions as the API serves them, most recently written first. */
    private static List<PresenceSession> sessions(List<SessionState> sessions) {
        return sessions.stream()
                .sorted(Comparator.comparing(SessionState::updatedAt).reversed())
                .map(s -> new PresenceSession(s.sessionId(), s.status(), s.message(), s.lastSeen(), s.updatedAt(),
                        s.changedAt(), s.expiresAt(), s.ttlSeconds(), s.nodeId()))
                .toList();
    }

    private static byte[] write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What everyone but the user reads ({@link PresenceRecord#publicView}), at the public revision. */
    private static Presence publicView(PresenceRecord record) {
        PublicView view = record.publicView();
        return new Presence(record.userId(), view.status(), view.message(), view.lastSeen(), view.updatedAt(),
                view.expiresAt(), view.ttlSeconds(), view.nodeId(), record.publicRevision(), view.sessions(), null, null);
    }

    /** The true state; the privacy settings only when they are not the defaults, so most views match the public one. */
    private static Presence ownView(PresenceRecord record) {
        return new Presence(record.userId(), record.status(), record.message(), record.lastSeen(),
                record.updatedAt(), record.expiresAt(), record.ttlSeconds(), record.nodeId(), record.revision(),
                record.sessionCount(), record.invisible() ? Visibility.INVISIBLE : null,
                record.hideLastSeen() ? Boolean.FALSE : null, record.invisibleSince());
    }
}
