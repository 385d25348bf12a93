package io.presence.cli;

import io.presence.api.PresenceStatus;
import io.presence.client.PresenceClient;
import io.presence.client.StatusUpdate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Bench requests through the SDK: a GET of the user, or a PUT of "online" with a TTL. */
final class SdkBenchTarget implements BenchTarget {

    /** Long enough that seeded users are still there when a long run reads them. */
    static final Duration WRITE_TTL = Duration.ofMinutes(30);

    private static final StatusUpdate ONLINE = new StatusUpdate(PresenceStatus.ONLINE, null, WRITE_TTL);

    private final PresenceClient client;

    SdkBenchTarget(PresenceClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<Boolean> read(String userId) {
        return client.getAsync(userId).thenApply(Optional::isPresent);
    }

    @Override
    public CompletableFuture<?> write(String userId) {
        return client.setAsync(userId, ONLINE);
    }
}
