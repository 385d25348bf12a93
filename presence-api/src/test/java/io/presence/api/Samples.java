package io.presence.api;

import java.time.Instant;
import java.util.List;

/** DTO samples built in Java (not parsed from fixtures), as the server and SDK build them. */
final class Samples {

    static final Instant NOW = Instant.parse("2026-03-01T09:30:00.123456Z");

    private Samples() {
    }

    static Presence online() {
        return new Presence("alice@example.com", PresenceStatus.ONLINE, "In the office", NOW, NOW,
                NOW.plusSeconds(600), 600L, "center-1", 42);
    }

    static Presence offline() {
        return new Presence("team:ops.on-call_1", PresenceStatus.OFFLINE, null, NOW.minusSeconds(3600), NOW,
                null, null, "leaf-eu-1", 17);
    }

    static PresenceList list() {
        return new PresenceList(List.of(online(), offline()), List.of("carol"));
    }

    static PresenceUpdate update() {
        return new PresenceUpdate(PresenceStatus.BUSY, "In a meeting", 900L);
    }

    static BatchRequest batch() {
        return new BatchRequest(List.of("alice@example.com", "bob", "team:ops.on-call_1"));
    }

    static ImportResult importResult() {
        return new ImportResult(248, 2);
    }

    static ErrorResponse error() {
        return new ErrorResponse(ErrorCodes.VALIDATION_FAILED, "Request body breaks a limit",
                List.of(new ErrorDetail("message", "must be at most 256 characters")));
    }
}
