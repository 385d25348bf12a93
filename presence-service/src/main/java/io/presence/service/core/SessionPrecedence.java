package io.presence.service.core;

import io.presence.api.PresenceStatus;
import java.util.Comparator;

/**
 * Which session decides a user's status: the highest status, {@code busy > online > away}, and among sessions
 * of equal status the one whose status or message changed last ({@link SessionState#changedAt}), then the
 * greater session id, so the choice never depends on the order sessions are stored in. Not the last written:
 * heartbeats would then hand the decision to each device in turn, and the message everyone reads would flap
 * (for a user with privacy settings, each turn a new public revision and stream event). Busy wins because it is
 * the one status another person should respect even when the user is also reachable elsewhere (a call on the
 * phone while the laptop idles online); online beats away because some device is in active use.
 */
public final class SessionPrecedence {

    /** Orders sessions from the least to the most deciding. */
    public static final Comparator<SessionState> DECIDING = Comparator
            .comparingInt((SessionState session) -> rank(session.status()))
            .thenComparing(SessionState::changedAt)
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
