package io.presence.api;

import jakarta.validation.constraints.NotNull;

/**
 * One problem with one part of a request.
 *
 * @param field   where the problem is: a JSON path such as {@code status}, or a parameter such as {@code users}
 * @param message what is wrong with it
 */
public record ErrorDetail(@NotNull String field, @NotNull String message) {
}
