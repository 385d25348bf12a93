package io.presence.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Carries a caller's {@code cancel} back to the calls behind a future. A future derived with
 * {@code thenApply} completes as cancelled on its own, leaving its source (and the HTTP call that feeds it)
 * running; the pipeline cancels the OkHttp call when its own future is cancelled, so that is the one to reach.
 */
final class Cancellation {

    private Cancellation() {
    }

    /**
     * @return {@code derived}, which cancels every one of {@code sources} when it is cancelled
     */
    static <T> CompletableFuture<T> propagate(CompletableFuture<T> derived, List<? extends CompletableFuture<?>> sources) {
        derived.whenComplete((value, error) -> {
            if (derived.isCancelled()) {
                sources.forEach(source -> source.cancel(true));
            }
        });
        return derived;
    }

    /** @return {@code derived}, which cancels {@code source} when it is cancelled */
    static <T> CompletableFuture<T> propagate(CompletableFuture<T> derived, CompletableFuture<?> source) {
        return propagate(derived, List.of(source));
    }
}
