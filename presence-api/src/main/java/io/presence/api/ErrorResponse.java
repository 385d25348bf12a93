package io.presence.api;

import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * The one shape of every error the API returns.
 *
 * @param code    a stable machine-readable code, e.g. {@code invalid_request}, {@code not_found}
 * @param message a human-readable explanation
 * @param details per-field problems; empty when the error is not about a field
 */
public record ErrorResponse(@NotNull String code, @NotNull String message, @NotNull List<ErrorDetail> details) {

    public ErrorResponse {
        details = details == null ? List.of() : List.copyOf(details);
    }

    /** An error without field details. */
    public static ErrorResponse of(String code, String message) {
        return new ErrorResponse(code, message, List.of());
    }
}
