package io.presence.client;

import io.presence.api.PresenceLimits;
import java.time.Duration;

/**
 * The SDK's checks of what callers pass, against the limits every server accepts ({@link PresenceLimits}).
 * A value no server takes is refused here with a {@link PresenceInvalidInputException}, before any call:
 * a heartbeat would otherwise fail every beat for ever.
 */
final class Inputs {

    private Inputs() {
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new PresenceInvalidInputException(field, field + " is required");
        }
        return value;
    }

    static String userId(String userId) {
        if (!PresenceLimits.isValidUserId(userId)) {
            throw new PresenceInvalidInputException("userId", "invalid user id '" + userId + "': "
                    + PresenceLimits.USER_ID_RULE);
        }
        return userId;
    }

    /** A session id: the same rules as a user id, as the API's path takes both. */
    static String sessionId(String sessionId) {
        if (!PresenceLimits.isValidUserId(sessionId)) {
            throw new PresenceInvalidInputException("sessionId", "invalid session id '" + sessionId + "': "
                    + PresenceLimits.USER_ID_RULE);
        }
        return sessionId;
    }

    /** A revision to write at: the server's are positive, and 0 names "no presence yet". */
    static long revision(long revision) {
        if (revision < 1) {
            // Revisions start at 1; "only while there is none" is setIfAbsent.
            throw new PresenceInvalidInputException("revision", "revision must be 1 or more, a revision read from "
                    + "the server (was " + revision + "); to write only while the user has none, use setIfAbsent");
        }
        return revision;
    }

    static String message(String message) {
        if (message == null) {
            return null;
        }
        int length = message.codePointCount(0, message.length());
        if (length > PresenceLimits.MAX_MESSAGE_LENGTH) {
            throw new PresenceInvalidInputException("message", "message must be at most "
                    + PresenceLimits.MAX_MESSAGE_LENGTH + " characters (was " + length + ")");
        }
        if (!PresenceLimits.hasNoControlCharacters(message)) {
            throw new PresenceInvalidInputException("message",
                    "message must not contain control characters (newlines, tabs, ...) or unpaired surrogates");
        }
        return message;
    }

    /**
     * A TTL in whole seconds within the contract's range. The API takes whole seconds, and 1500 ms quietly
     * sent as 1 s would expire a user sooner than asked, so a fraction is refused rather than rounded.
     */
    static Duration ttl(Duration ttl) {
        if (ttl == null) {
            return null;
        }
        if (ttl.getNano() != 0) {
            throw new PresenceInvalidInputException("ttl", "ttl must be whole seconds (was " + ttl + ")");
        }
        if (ttl.getSeconds() < PresenceLimits.MIN_TTL_SECONDS || ttl.getSeconds() > PresenceLimits.MAX_TTL_SECONDS) {
            throw new PresenceInvalidInputException("ttl", "ttl must be " + PresenceLimits.MIN_TTL_SECONDS + "-"
                    + PresenceLimits.MAX_TTL_SECONDS + " seconds (was " + ttl + ")");
        }
        return ttl;
    }
}
