package io.presence.service.http;

import java.util.Optional;
import java.util.Set;

/**
 * What an {@code If-None-Match} header asks of a write (RFC 9110 §13.1.2): nothing when absent; {@code *}:
 * that the user has no presence yet (a create-only write); otherwise that the current tag is none of those
 * named. Tags compare weakly ({@code W/"42"} names {@code "42"}), and as served: {@code "42"} and
 * {@code "42-lapsed"} are different states of one revision, as for a read's {@code 304}.
 *
 * @param present    whether the header was sent
 * @param anyCurrent {@code *}
 * @param tags       the tags named, quoted and without {@code W/}
 */
record IfNoneMatch(boolean present, boolean anyCurrent, Set<String> tags) {

    static final IfNoneMatch NONE = new IfNoneMatch(false, false, Set.of());

    /** Whether the write may apply over the current presence's tag (empty: the user has none). */
    boolean admits(Optional<String> currentTag) {
        return !present || currentTag.isEmpty() || !anyCurrent && !tags.contains(currentTag.get());
    }
}
