package io.presence.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.presence.api.Backups;
import io.presence.api.ErrorDetail;
import io.presence.api.ImportResult;
import io.presence.api.Presence;
import io.presence.api.PresenceSession;
import io.presence.api.PresenceStatus;
import io.presence.api.Visibility;
import io.presence.service.core.InvalidInputException;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PresenceService;
import io.presence.service.core.SessionState;
import io.presence.service.errors.JsonProblems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code POST /api/v2/presence/import} does with its body: read each line as a {@link Presence} (as the
 * export wrote it), check every line, and only then restore each record ({@link PresenceService#restore}).
 * One bad line refuses the request before anything is stored: 400 for lines that are not a presence, else 422
 * for lines that break a limit, each named {@code line N} (at most {@value #MAX_DETAILS} of them).
 */
public final class PresenceImports {

    static final int MAX_DETAILS = 10;

    private final PresenceService service;
    private final ObjectReader lines;

    /** @param mapper the application's (strict) mapper; an import line may leave out the {@code revision} */
    public PresenceImports(PresenceService service, ObjectMapper mapper) {
        this.service = service;
        this.lines = mapper.readerFor(Presence.class).without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /** Checks every line, then restores each record in line order; returns what was stored and skipped. */
    public ImportResult importLines(byte[] body) {
        long imported = 0;
        long skipped = 0;
        for (PresenceRecord record : records(body)) {
            if (service.restore(record)) {
                imported++;
            } else {
                skipped++;
            }
        }
        return new ImportResult(imported, skipped);
    }

    /** The body's records, in line order; blank lines skipped. */
    List<PresenceRecord> records(byte[] body) {
        List<PresenceRecord> records = new ArrayList<>();
        List<ErrorDetail> malformed = new ArrayList<>();
        List<ErrorDetail> invalid = new ArrayList<>();
        int lineNumber = 0;
        int malformedLines = 0;
        int invalidLines = 0;
        for (int start = 0; start < body.length; ) {
            int end = indexOf(body, (byte) '\n', start);
            int next = end + 1;
            if (end > start && body[end - 1] == '\r') {
                end--;
            }
            lineNumber++;
            if (!isBlank(body, start, end)) {
                String field = "line " + lineNumber;
                try {
                    Presence presence = lines.readValue(body, start, end - start);
                    if (presence == null) {
                        malformedLines++;
                        add(malformed, field, "must be a presence (a JSON object), not null");
                        start = next;
                        continue;
                    }
                    List<String> problems = Backups.problems(presence);
                    if (problems.isEmpty()) {
                        problems = aheadOfThisNode(presence, service.now());
                    }
                    PresenceRecord record = problems.isEmpty() ? record(presence) : null;
                    if (record != null) {
                        problems = sessionsAsListed(presence, record);
                        problems.addAll(messagesTooLong(presence));
                    }
                    if (problems.isEmpty()) {
                        records.add(record);
                    } else {
                        invalidLines++;
                        add(invalid, field, String.join("; ", problems));
                    }
                } catch (JsonProcessingException e) {
                    malformedLines++;
                    add(malformed, field, describe(e));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            start = next;
        }
        if (!malformed.isEmpty()) {
            throw InvalidInputException.badRequest(message(malformedLines), malformed);
        }
        if (!invalid.isEmpty()) {
            throw InvalidInputException.unprocessable(message(invalidLines), invalid);
        }
        if (records.isEmpty()) {
            throw InvalidInputException.badRequest(JsonProblems.BODY,
                    "is required: JSON lines, one presence per line, as GET /api/v2/presence/export writes them");
        }
        return records;
    }

    /**
     * A line's times ahead of this node's clock, which {@link Backups} lets pass within the skew between the client's
     * and the node's clocks: restored, a later {@code updatedAt} would outrank (and so silently drop) every write of
     * the user until this node's clock passes it, and a later {@code lastSeen} would show the user seen in the future.
     */
    private static List<String> aheadOfThisNode(Presence presence, Instant now) {
        List<String> problems = new ArrayList<>();
        List<Map.Entry<String, Instant>> times = new ArrayList<>(List.of(Map.entry("lastSeen", presence.lastSeen()),
                Map.entry("updatedAt", presence.updatedAt())));
        List<PresenceSession> sessions = presence.liveSessions() == null ? List.of() : presence.liveSessions();
        for (int i = 0; i < sessions.size(); i++) {
            // A session written ahead would outrank every write of that device until then, as the user's would.
            times.add(Map.entry("liveSessions[" + i + "].updatedAt", sessions.get(i).updatedAt()));
            times.add(Map.entry("liveSessions[" + i + "].lastSeen", sessions.get(i).lastSeen()));
        }
        for (var time : times) {
            if (time.getValue().isAfter(now)) {
                problems.add(time.getKey() + " must not be ahead of this node's clock (" + time.getKey() + " "
                        + time.getValue() + ", the node's clock " + now + "); check the clocks (NTP), or import once"
                        + " the node's clock has passed it");
            }
        }
        return problems;
    }

    /**
     * Messages longer than this node lets a write set (presence.maxMessageLength, narrower than the contract's): a
     * restored one would be shown though no device could write it here, and its next heartbeat refused.
     */
    private List<String> messagesTooLong(Presence presence) {
        List<String> problems = new ArrayList<>();
        int limit = service.maxMessageLength();
        List<Map.Entry<String, String>> messages = new ArrayList<>();
        if (presence.message() != null) {
            messages.add(Map.entry("message", presence.message()));
        }
        List<PresenceSession> sessions = presence.liveSessions() == null ? List.of() : presence.liveSessions();
        for (int i = 0; i < sessions.size(); i++) {
            if (sessions.get(i).message() != null) {
                messages.add(Map.entry("liveSessions[" + i + "].message", sessions.get(i).message()));
            }
        }
        for (var message : messages) {
            int characters = message.getValue().codePointCount(0, message.getValue().length());
            if (characters > limit) {
                problems.add(message.getKey() + " is " + characters + " characters; this node allows at most " + limit
                        + " (presence.maxMessageLength)");
            }
        }
        return problems;
    }

    /**
     * What keeps a restored record from being the one the line describes: more sessions than this node lets a user
     * have, or a status that is not the one the listed sessions decide (a line edited in one place only).
     */
    private List<String> sessionsAsListed(Presence presence, PresenceRecord record) {
        List<String> problems = new ArrayList<>();
        int limit = service.maxSessionsPerUser();
        if (record.sessions().size() > limit) {
            problems.add("liveSessions lists " + record.sessions().size() + " sessions; this node allows at most "
                    + limit + " per user (presence.maxSessionsPerUser)");
        } else if (presence.sessions() != null && presence.sessions() > limit) {
            // A line of an export before liveSessions counts what it does not list.
            problems.add("sessions is " + presence.sessions() + "; this node allows at most " + limit
                    + " per user (presence.maxSessionsPerUser)");
        }
        if (record.status() != presence.status()) {
            problems.add("status must be the one the listed sessions decide (" + record.status().name()
                    .toLowerCase(Locale.ROOT) + ", was " + presence.status().name().toLowerCase(Locale.ROOT) + ")");
        }
        return problems;
    }

    /**
     * The record a backup line restores, with the user's privacy settings: the line's sessions as they were
     * ({@code liveSessions}, written for a user with more than the default session; one from an export before
     * {@code changedAt} reads as changed at its last write), else the user's presence as their one default
     * session. An invisible user is restored invisible since the line's {@code invisibleSince} (a line from an
     * older export, without it: since its {@code updatedAt}).
     *
     * <p>A line of several sessions from an export without {@code liveSessions} restores only the deciding one,
     * lapsing when it did ({@code updatedAt} plus {@code ttlSeconds}): its {@code expiresAt} is when the user's
     * last session lapses, and a user busy on a phone for 5 s beside a laptop online for a day would otherwise be
     * restored busy for the day. A line of one session keeps its {@code expiresAt} as it is.
     */
    private static PresenceRecord record(Presence presence) {
        Instant invisibleSince = presence.visibility() != Visibility.INVISIBLE ? null
                : presence.invisibleSince() != null ? presence.invisibleSince() : presence.updatedAt();
        boolean hideLastSeen = Boolean.FALSE.equals(presence.shareLastSeen());
        if (presence.liveSessions() != null) {
            List<SessionState> sessions = presence.liveSessions().stream()
                    .map(s -> new SessionState(s.sessionId(), s.status(), emptyToNull(s.message()), s.lastSeen(),
                            s.updatedAt(), s.changedAt() != null ? s.changedAt() : s.updatedAt(), s.expiresAt(),
                            s.ttlSeconds(), s.nodeId()))
                    .toList();
            return PresenceRecord.aggregate(presence.userId(), sessions, presence.lastSeen(), presence.nodeId(),
                    invisibleSince, hideLastSeen, 0);
        }
        Instant expiresAt = presence.expiresAt();
        boolean severalSessions = presence.sessions() != null && presence.sessions() > 1;
        if (severalSessions && presence.status() != PresenceStatus.OFFLINE && expiresAt != null
                && presence.ttlSeconds() != null) {
            Instant decidingLapse = presence.updatedAt().plusSeconds(presence.ttlSeconds());
            expiresAt = decidingLapse.isBefore(expiresAt) ? decidingLapse : expiresAt;
        }
        return new PresenceRecord(presence.userId(), presence.status(), emptyToNull(presence.message()),
                presence.lastSeen(), presence.updatedAt(), expiresAt, presence.ttlSeconds(), presence.nodeId(), 0,
                List.of(), invisibleSince, hideLastSeen);
    }

    private static String emptyToNull(String message) {
        return message == null || message.isEmpty() ? null : message;
    }

    private static String describe(JsonProcessingException e) {
        try {
            return JsonProblems.describe(e);
        } catch (JsonProcessingException serverFault) {
            throw new IllegalStateException("cannot read an import line", serverFault);
        }
    }

    private static void add(List<ErrorDetail> details, String field, String problem) {
        if (details.size() < MAX_DETAILS) {
            details.add(new ErrorDetail(field, problem));
        }
    }

    private static String message(int lines) {
        return lines + (lines == 1 ? " invalid line" : " invalid lines") + " in the import; nothing was stored";
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return bytes.length;
    }

    private static boolean isBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}
