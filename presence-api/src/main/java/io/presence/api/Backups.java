package io.presence.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The format of a backup ({@code GET /api/v2/presence/export}, {@code POST /api/v2/presence/import}): JSON
 * lines, one {@link Presence} per line as the API serves it, with its stored (not effective) status.
 */
public final class Backups {

    /** The media type of an export and of an import's body: newline-delimited JSON. */
    public static final String NDJSON = "application/x-ndjson";

    /** The scope a token needs to export or import. */
    public static final String ADMIN_SCOPE = "presence:admin";

    private Backups() {
    }

    /**
     * What keeps {@code presence} from being imported, one problem a string ({@code "userId must be ..."}); empty
     * when nothing does. The server's check of every import line, and a client's before it sends any.
     */
    public static List<String> problems(Presence presence) {
        List<String> problems = new ArrayList<>();
        if (presence.userId() == null) {
            problems.add("userId must not be null");
        } else if (!PresenceLimits.isValidUserId(presence.userId())) {
            problems.add("userId " + PresenceLimits.USER_ID_RULE);
        }
        if (presence.status() == null) {
            problems.add("status must not be null");
        }
        if (presence.lastSeen() == null) {
            problems.add("lastSeen must not be null");
        }
        if (presence.updatedAt() == null) {
            problems.add("updatedAt must not be null");
        }
        if (presence.nodeId() == null || presence.nodeId().isBlank()) {
            problems.add("nodeId must not be null or blank");
        }
        String message = presence.message();
        if (message != null && message.codePointCount(0, message.length()) > PresenceLimits.MAX_MESSAGE_LENGTH) {
            problems.add("message must be at most " + PresenceLimits.MAX_MESSAGE_LENGTH + " characters");
        }
        if (!PresenceLimits.hasNoControlCharacters(message)) {
            problems.add("message must not contain control characters");
        }
        if (presence.ttlSeconds() != null && presence.ttlSeconds() < 1) {
            problems.add("ttlSeconds must be at least 1");
        }
        return problems;
    }
}
