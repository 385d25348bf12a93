package io.presence.service.nats;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * One nats-server child process and the pump forwarding its output, with what its supervisor needs
 * to tell an expected exit from a crash.
 */
final class ServerChild {

    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);

    private final Process process;
    private final ServerOutputPump output;
    private final IntConsumer exitCodes;
    private volatile boolean expectedExit;
    private volatile long healthySinceNanos;

    /** @param exitCodes told the exit code when {@link #terminate} sees the child exit */
    ServerChild(Process process, ServerOutputPump output, IntConsumer exitCodes) {
        this.process = process;
        this.output = output;
        this.exitCodes = exitCodes;
    }

    Process process() {
        return process;
    }

    ServerOutputPump output() {
        return output;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Whether the child was told to exit, rather than dying on its own. */
    boolean exitExpected() {
        return expectedExit;
    }

    void markHealthy() {
        healthySinceNanos = System.nanoTime();
    }

    /** How long the child has run since it was found healthy. */
    Duration healthyFor() {
        return Duration.ofNanos(System.nanoTime() - healthySinceNanos);
    }

    /** SIGINT, then SIGKILL after {@code timeout}; waits for the output to end. True if it had to be killed. */
    boolean terminate(Duration timeout) throws InterruptedException {
        expectedExit = true;
        boolean forced = ProcessSignals.interruptThenKill(process.toHandle(), timeout);
        // The handle may see the exit before the Process object has reaped it: wait for that briefly.
        if (process.waitFor(OUTPUT_DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
            exitCodes.accept(process.exitValue());
        }
        output.awaitEnd(OUTPUT_DRAIN);
        return forced;
    }
}
