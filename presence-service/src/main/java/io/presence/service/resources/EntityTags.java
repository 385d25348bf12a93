package io.presence.service.resources;

import io.presence.service.core.PresenceRecord;
import io.presence.service.errors.InvalidInputException;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ETags are the record's revision. A status that lapsed without a write yet (the reaper's offline
 * write is about a second away) reads differently from the stored revision, so its tag says so:
 * a client revalidating with the old tag must not be told "not modified".
 */
final class EntityTags {

    private static final String LAPSED = "-lapsed";

    /** A revision as {@link #of} tags it, lapsed or not: a client may send back whichever tag it was given. */
    private static final Pattern STRONG_REVISION = Pattern.compile("\"?(\\d{1,18})(?:" + LAPSED + ")?\"?");

    private EntityTags() {
    }

    static String of(PresenceRecord effective) {
        return "\"" + effective.revision() + (effective.isLapsedUnwritten() ? LAPSED : "") + "\"";
    }

    /** Whether an {@code If-None-Match} header names this tag (or {@code *}). */
    static boolean matchesAny(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The revision an {@code If-Match} header requires, or empty when absent. A lapsed tag ({@code "42-lapsed"})
     * requires its revision: the write applies while the lapsed record is still the stored one.
     */
    static OptionalLong requiredRevision(String ifMatch) {
        if (ifMatch == null) {
            return OptionalLong.empty();
        }
        Matcher matcher = STRONG_REVISION.matcher(ifMatch.trim());
        if (!matcher.matches()) {
            throw InvalidInputException.badRequest("If-Match",
                    "must be one revision as returned in ETag, e.g. \"42\" (was " + abbreviate(ifMatch) + ")");
        }
        return OptionalLong.of(Long.parseLong(matcher.group(1)));
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
