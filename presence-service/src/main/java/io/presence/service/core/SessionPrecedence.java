package io.presence.service.core;

import io.presence.api.PresenceStatus;
import java.util.Comparator;

/**
 * Which session decides a user's status: the highest status, {@code busy > online > away}, and among sessions
 * of equal status the most recently written (then the greater session id, so the choice never depends on
 * the order sessions are stored in). Busy wins because it is the one status another person should respect
 * even when the user is also reachable elsewhere (a call on the phone while the laptop idles online); online
 * beats away because some device is in active use.
 */
public final class SessionPrecedence {

    /** Orders sessions from the least to the most deciding. */
    public static final Comparator<SessionState> DECIDING = Comparator
            .comparingInt((SessionState session) -> rank(session.status()))
            .thenComparing(SessionState::updatedAt)
            .thenComparing(SessionState::sessionId);

    private SessionPrecedence() {
    }

    /** A status's rank: higher decides. */
    static int rank(PresenceStatus status) {
        return switch (status) {
            case BUSY -> 3;
            case ONLINE -> 2;
            case AWAY -> 1;
            case OFFLINE -> 0;
        };
    }
}
