package io.presence.service.http;

import io.presence.service.core.PresenceRecord;
import io.presence.service.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * ETags are the record's revision. A status that lapsed without a write yet (the reaper's offline
 * write is about a second away) reads differently from the stored revision, so its tag says so:
 * a client revalidating with the old tag must not be told "not modified". Everyone else's view of a user
 * with privacy settings differs from the user's own, so it has a tag of its own ({@code "42-public"}): a
 * strong tag names one representation. Its revision is the public one ({@link PresenceRecord#publicRevision}):
 * that of the last write that changed what everyone else reads, so revalidating it reveals no write since.
 */
public final class EntityTags {

    private static final String LAPSED = "-lapsed";
    private static final String PUBLIC = "-public";

    /**
     * A revision as {@link #of} tags it, in any view: a client may send back whichever tag it was given. Revisions
     * start at 1 and are served without leading zeros: {@code "0"} names nothing this server has served, and
     * neither does a revision without its quotes (RFC 9110 §8.8.3).
     */
    private static final Pattern STRONG_REVISION = Pattern.compile("\"([1-9]\\d{0,17})(" + LAPSED + ")?(" + PUBLIC
            + ")?\"");

    private EntityTags() {
    }

    /** The tag of the user's own view (theirs and an admin's), which is also everyone's for a user without privacy settings. */
    public static String of(PresenceRecord effective) {
        return tag(effective.revision(), effective.isLapsedUnwritten(), false);
    }

    /** The tag of what everyone but the user reads. */
    public static String ofPublic(PresenceRecord effective) {
        if (effective.invisible()) {
            return tag(effective.publicRevision(), false, true);
        }
        return tag(effective.publicRevision(), effective.isLapsedUnwritten(), effective.hideLastSeen());
    }

    private static String tag(long revision, boolean lapsed, boolean publicView) {
        return "\"" + revision + (lapsed ? LAPSED : "") + (publicView ? PUBLIC : "") + "\"";
    }

    /**
     * A conditional header sent on several lines, as the one list RFC 9110 §5.3 says it is; null when absent.
     * Servlets and Jersey hand out only the first line. A single line, the usual case, is returned as it is.
     */
    public static String combined(Iterator<String> lines) {
        if (!lines.hasNext()) {
            return null;
        }
        String first = lines.next();
        if (!lines.hasNext()) {
            return first;
        }
        StringBuilder all = new StringBuilder(first);
        lines.forEachRemaining(line -> all.append(", ").append(line));
        return all.toString();
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
     * Whether a read's {@code If-Match} holds for the tag it would be served: absent, {@code *}, or naming that
     * whole tag, strongly (RFC 9110 §13.1.1). A tag this server cannot have served is a 400, as on a write.
     */
    static boolean ifMatchHolds(String ifMatch, String etag) {
        if (ifMatch == null || ifMatch.trim().equals("*")) {
            return true;
        }
        return tags(ifMatch, "If-Match", "revisions").stream()
                .anyMatch(tag -> !tag.weak() && tag.served().equals(etag));
    }

    /**
     * What an {@code If-Match} header asks: {@code *}, or a list of tags as served in {@code ETag}. A lapsed
     * tag ({@code "42-lapsed"}) names its revision: the write applies while the lapsed record is still the
     * stored one. Weak tags ({@code W/"42"}) are understood and never match.
     */
    static IfMatch ifMatch(String header) {
        if (header == null) {
            return IfMatch.NONE;
        }
        if (header.trim().equals("*")) {
            return new IfMatch(true, true, Set.of());
        }
        return new IfMatch(true, false, tags(header, "If-Match", "revisions").stream()
                .filter(tag -> !tag.weak()).map(Tag::revision).collect(Collectors.toUnmodifiableSet()));
    }

    /**
     * What an {@code If-None-Match} header asks of a write: {@code *}, or a list of tags as served in
     * {@code ETag}, weak or strong. A tag this server cannot have served is refused, as for {@code If-Match}:
     * one that never matches would let the write through unconditionally.
     */
    static IfNoneMatch ifNoneMatch(String header) {
        if (header == null) {
            return IfNoneMatch.NONE;
        }
        if (header.trim().equals("*")) {
            return new IfNoneMatch(true, true, Set.of());
        }
        return new IfNoneMatch(true, false, tags(header, "If-None-Match", "tags").stream()
                .map(Tag::served).collect(Collectors.toUnmodifiableSet()));
    }

    /** One tag of a conditional header: the revision it names, whether weak, the lapsed state's, the public view's. */
    private record Tag(long revision, boolean weak, boolean lapsed, boolean publicView) {
        /** The tag as {@link #of} or {@link #ofPublic} serves it. */
        String served() {
            return tag(revision, lapsed, publicView);
        }
    }

    /** The comma-separated tags of {@code header}; one this server cannot have served is a 400 naming it. */
    private static List<Tag> tags(String header, String field, String what) {
        List<Tag> tags = new ArrayList<>();
        for (String candidate : header.split(",")) {
            String tag = candidate.trim();
            boolean weak = tag.startsWith("W/");
            String strong = weak ? tag.substring(2) : tag;
            Matcher matcher = STRONG_REVISION.matcher(strong);
            if (!matcher.matches()) {
                throw notTags(header, field, what);
            }
            tags.add(new Tag(Long.parseLong(matcher.group(1)), weak, matcher.group(2) != null, matcher.group(3) != null));
        }
        if (tags.isEmpty()) {
            // "," alone: a list of nothing, which would match nothing and fail the write as if it were stale.
            throw notTags(header, field, what);
        }
        return tags;
    }

    private static InvalidInputException notTags(String header, String field, String what) {
        return InvalidInputException.badRequest(field, "must be * or " + what + " as returned in ETag, e.g. \"42\" (was "
                + abbreviate(header) + ")");
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
