package io.presence.api;

import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * The answer to a multi-get or batch lookup.
 *
 * @param presences the users found, in request order, each once
 * @param notFound  the requested ids with no presence, in request order, each once
 */
public record PresenceList(@NotNull List<Presence> presences, @NotNull List<String> notFound) {

    public PresenceList {
        presences = List.copyOf(presences);
        notFound = List.copyOf(notFound);
    }
}
