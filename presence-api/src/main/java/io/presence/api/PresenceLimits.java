package io.presence.api;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The contract's limits, in one place for the server, the SDK and the CLI.
 *
 * <p>Servers may be configured with tighter message and batch limits; these are the defaults and
 * the ceilings the OpenAPI contract documents.
 */
public final class PresenceLimits {

    /** Longest accepted user id, in characters. */
    public static final int MAX_USER_ID_LENGTH = 128;

    /** Characters a user id may contain: letters, digits and {@code . _ @ : -}. */
    public static final String USER_ID_CHARACTERS = "[A-Za-z0-9._@:-]";

    /**
     * Ids that cannot be users because no URL addresses them: {@code batch}, {@code stream}, {@code export}
     * and {@code import} name API paths, and {@code .} and {@code ..} are dot-segments, which clients remove
     * from a URL's path (RFC 3986 §5.2.4) before sending it. Any id check refuses them, saying they are reserved.
     */
    public static final Set<String> RESERVED_USER_IDS = Set.of("batch", "stream", "export", "import", ".", "..");

    /**
     * A whole user id: 1 to {@value #MAX_USER_ID_LENGTH} characters of {@link #USER_ID_CHARACTERS},
     * not one of {@link #RESERVED_USER_IDS}.
     */
    public static final String USER_ID_REGEX =
            "(?!(?:batch|stream|export|import|\\.|\\.\\.)$)" + USER_ID_CHARACTERS + "{1," + MAX_USER_ID_LENGTH + "}";

    /** The rule in words, for error messages. */
    public static final String USER_ID_RULE = "must be 1-" + MAX_USER_ID_LENGTH
            + " characters of letters, digits and . _ @ : - (and not 'batch', 'stream', 'export', 'import', '.' or '..',"
            + " which are reserved)";

    /**
     * The session a write to the user's own path ({@code PUT /api/v2/presence/{userId}}) sets. Session ids
     * follow the user id rules ({@link #isValidUserId}).
     */
    public static final String DEFAULT_SESSION_ID = "default";

    /** Most live sessions one user may have on any server ({@code presence.maxSessionsPerUser} is at most this). */
    public static final int MAX_SESSIONS_PER_USER = 256;

    /** Longest status message, in characters. */
    public static final int MAX_MESSAGE_LENGTH = 256;

    /**
     * A message contains no control characters (no newlines, tabs, NUL, C1 controls) and no unpaired
     * surrogates (not encodable as UTF-8; a proper pair, such as an emoji, is one code point and fine).
     */
    public static final String MESSAGE_REGEX = "[^\\p{Cc}\\p{Cs}]*";

    /** Most user ids in one multi-get or batch request. */
    public static final int MAX_BATCH_SIZE = 1000;

    /** Largest accepted request body, in bytes (64 KiB). */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /**
     * Shortest {@code ttlSeconds} any server accepts: {@code presence.minTtl} may be set down to it (tests run
     * with 1 s), though the default is 5 s.
     */
    public static final int MIN_TTL_SECONDS = 1;

    /**
     * Longest {@code ttlSeconds} any server accepts (24 h): {@code presence.maxTtl} may be set below it, never
     * above, so a client holding to the contract is never refused for a lifetime some other node would take.
     */
    public static final int MAX_TTL_SECONDS = 24 * 60 * 60;

    private static final Pattern MESSAGE = Pattern.compile(MESSAGE_REGEX);

    private PresenceLimits() {
    }

    /**
     * Whether {@code userId} is a valid user id: what {@link #USER_ID_REGEX} matches, checked without
     * the regex engine, since every read checks its ids (100 per multi-get) and the engine cost several
     * times the lookup itself.
     */
    public static boolean isValidUserId(String userId) {
        if (userId == null || userId.isEmpty() || userId.length() > MAX_USER_ID_LENGTH
                || RESERVED_USER_IDS.contains(userId)) {
            return false;
        }
        for (int i = 0; i < userId.length(); i++) {
            if (!isUserIdCharacter(userId.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** One of {@link #USER_ID_CHARACTERS}. */
    private static boolean isUserIdCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '@' || c == ':' || c == '-';
    }

    /** Whether {@code message} is free of control characters (length is checked separately). */
    public static boolean hasNoControlCharacters(String message) {
        return message == null || MESSAGE.matcher(message).matches();
    }
}
