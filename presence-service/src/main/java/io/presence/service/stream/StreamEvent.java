package io.presence.service.stream;

/**
 * One frame of a stream, already encoded as Server-Sent Events text; shared by every subscriber of a change.
 *
 * @param userId the user the event is about; null for a frame about no user (a heartbeat comment, a restart)
 * @param revision the KV revision (the event id); 0 for a heartbeat
 */
public record StreamEvent(String userId, long revision, byte[] frame) {

    boolean isHeartbeat() {
        return userId == null;
    }
}
