package io.presence.service.nats;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stopping a process the way nats-server likes it: SIGINT (exit 0), then SIGKILL if it hangs. */
final class ProcessSignals {

    private ProcessSignals() {
    }

    /**
     * Sends SIGINT, waits up to {@code timeout} for the exit, then kills. Java can only send
     * SIGTERM/SIGKILL itself, and SIGTERM makes nats-server exit 1, so SIGINT goes through kill(1).
     *
     * @return true when the process had to be killed forcibly
     */
    static boolean interruptThenKill(ProcessHandle process, Duration timeout) throws InterruptedException {
        if (!process.isAlive()) {
            return false;
        }
        if (!sendInterrupt(process.pid())) {
            process.destroy();
        }
        if (awaitExit(process, timeout)) {
            return false;
        }
        process.destroyForcibly();
        awaitExit(process, Duration.ofSeconds(5));
        return true;
    }

    static boolean sendInterrupt(long pid) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder("kill", "-s", "INT", Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean awaitExit(ProcessHandle process, Duration timeout) throws InterruptedException {
        try {
            process.onExit().get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }
}
