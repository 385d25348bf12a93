package io.presence.api;

import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * A user's live sessions, most recently written first.
 *
 * @param userId   the user
 * @param sessions the live sessions (empty when the user is offline)
 * @param revision the user's storage revision, the same as their presence's
 */
public record SessionList(@NotNull String userId, @NotNull List<PresenceSession> sessions, long revision) {

    public SessionList {
        sessions = List.copyOf(sessions);
    }
}
