package io.presence.service.http;

import java.util.OptionalLong;
import java.util.Set;

/**
 * What an {@code If-Match} header asks of a write (RFC 9110 §13.1.1): nothing when absent; {@code *}: that
 * the user has a presence; otherwise that the stored revision is one the header names. Weak tags never
 * match (If-Match compares strongly), so a header of only weak tags can never be met.
 *
 * @param present   whether the header was sent
 * @param anyCurrent {@code *}
 * @param revisions the revisions named by strong tags
 */
record IfMatch(boolean present, boolean anyCurrent, Set<Long> revisions) {

    static final IfMatch NONE = new IfMatch(false, false, Set.of());

    /** The one revision to compare-and-set on without reading the store first, when that is all it asks. */
    OptionalLong singleRevision() {
        return present && !anyCurrent && revisions.size() == 1
                ? OptionalLong.of(revisions.iterator().next()) : OptionalLong.empty();
    }

    /** Whether a stored presence at {@code revision} meets the condition. */
    boolean admits(long revision) {
        return anyCurrent || revisions.contains(revision);
    }
}
