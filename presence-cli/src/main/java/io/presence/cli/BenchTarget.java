package io.presence.cli;

import java.util.concurrent.CompletableFuture;

/** The two requests a bench sends; asynchronous so one thread keeps many in flight. */
interface BenchTarget {

    /** @return a future of whether the user was found (a 404 is an answer, not a failure) */
    CompletableFuture<Boolean> read(String userId);

    /** @return a future that completes when the write is stored */
    CompletableFuture<?> write(String userId);
}
