package io.presence.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Who sees a user's presence. Serialized in lowercase: {@code visible} (everyone sees the true state) or
 * {@code invisible} (everyone else reads the user as offline; the user's own token, and an admin's, read
 * the true state).
 */
public enum Visibility {
    VISIBLE,
    INVISIBLE;

    /** The accepted spellings, for error messages. */
    public static final String ALLOWED_VALUES = "visible|invisible";

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The lowercase name used in JSON and the CLI. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    static Visibility fromJson(String value) {
        for (Visibility visibility : values()) {
            if (visibility.wireName.equals(value)) {
                return visibility;
            }
        }
        throw new IllegalArgumentException("unknown visibility '" + value + "', expected one of " + ALLOWED_VALUES);
    }
}
