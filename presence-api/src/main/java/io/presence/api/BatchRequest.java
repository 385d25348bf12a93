package io.presence.api;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The body of {@code POST /api/v2/presence/batch}: the users to look up, for lists too long for a URL.
 *
 * @param userIds 1 to {@value PresenceLimits#MAX_BATCH_SIZE} user ids; duplicates are answered once
 */
public record BatchRequest(
        @NotEmpty @Size(max = PresenceLimits.MAX_BATCH_SIZE)
        List<@NotNull @Pattern(regexp = PresenceLimits.USER_ID_REGEX,
                message = PresenceLimits.USER_ID_RULE) String> userIds) {

    public BatchRequest {
        // Not List.copyOf: it throws on a null element, which must reach Bean Validation instead
        // (422 naming userIds[i]) rather than fail JSON binding with a NullPointerException.
        userIds = userIds == null ? null : Collections.unmodifiableList(new ArrayList<>(userIds));
    }
}
