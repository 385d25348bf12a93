package io.presence.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** A user's availability. Serialized in lowercase: {@code online}, {@code away}, {@code busy}, {@code offline}. */
public enum PresenceStatus {
    ONLINE,
    AWAY,
    BUSY,
    OFFLINE;

    /** Every status, in declaration order: {@code values()} copies its array on each call. */
    private static final PresenceStatus[] ALL = values();

    /** The accepted spellings, for error messages: {@code online|away|busy|offline}. */
    public static final String ALLOWED_VALUES =
            Arrays.stream(values()).map(PresenceStatus::wireName).collect(Collectors.joining("|"));

    /** Lowercased once: every request that names a status parses or writes it. */
    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The lowercase name used in JSON, query parameters and the CLI. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name exactly (lowercase only), or returns empty. */
    public static Optional<PresenceStatus> fromWireName(String value) {
        for (PresenceStatus status : ALL) {
            if (status.wireName().equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    @JsonCreator
    static PresenceStatus fromJson(String value) {
        return fromWireName(value).orElseThrow(() -> new IllegalArgumentException(
                "unknown status '" + value + "', expected one of " + ALLOWED_VALUES));
    }
}
