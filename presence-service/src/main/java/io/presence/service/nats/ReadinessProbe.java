package io.presence.service.nats;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Waits for a starting nats-server child to answer 200 on {@code /healthz} of its monitoring port. */
final class ReadinessProbe {

    private static final Duration POLL = Duration.ofMillis(100);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Duration timeout;

    ReadinessProbe(Duration timeout) {
        this.timeout = timeout;
    }

    /** Returns once the child is healthy; {@link NotReady} when it exits, a stop is requested or time is up. */
    void awaitHealthy(Process process, NatsServerSettings s, BooleanSupplier stopRequested)
            throws NotReady, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // A clustered server reports unhealthy until a JetStream meta leader is elected, which needs a
        // quorum of centers: a center starting first is ready once its own JetStream is up.
        URI healthz = URI.create(ServerUrls.monitorUrl(s)
                + (s.cluster() == null ? "/healthz" : "/healthz?js-enabled-only=true"));
        while (true) {
            if (!process.isAlive()) {
                throw new NotReady("nats-server exited with code " + process.exitValue() + " before it was ready");
            }
            if (stopRequested.getAsBoolean()) {
                throw new NotReady("stop requested while nats-server was starting");
            }
            if (isHealthy(healthz) && process.isAlive()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new NotReady("nats-server did not report healthy at " + healthz
                        + " within " + timeout.toMillis() + " ms");
            }
            // Waiting on the exit future ends the pause early if the child dies.
            try {
                process.onExit().get(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // still running: poll again
            }
        }
    }

    private boolean isHealthy(URI healthz) throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(healthz).timeout(Duration.ofSeconds(1)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Why a child did not become ready; becomes the first line of a {@link NatsServerStartException}. */
    static final class NotReady extends Exception {
        private static final long serialVersionUID = 1L;

        NotReady(String reason) {
            super(reason, null, false, false);
        }
    }
}
