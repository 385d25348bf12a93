package io.presence.service.nats;

import java.time.Duration;
import java.util.Objects;

/**
 * How the nats-server child is run and supervised; {@link NatsServerProcess.Builder} fills in the
 * defaults.
 *
 * @param serverBinary      a path, or a name looked up on PATH
 * @param startupTimeout    how long a child may take to report healthy
 * @param shutdownTimeout   how long a child may take to exit on SIGINT before it is killed
 * @param restartDelayMin   first restart delay after an unexpected exit; doubles per consecutive failure
 * @param restartDelayMax   the longest restart delay
 * @param healthyResetAfter a child that ran this long before dying starts the backoff over from the minimum
 * @param clientToken       whether clients must present the data dir's {@link ClientToken}
 */
record ServerProcessOptions(String serverBinary, Duration startupTimeout, Duration shutdownTimeout,
                            Duration restartDelayMin, Duration restartDelayMax, Duration healthyResetAfter,
                            boolean clientToken) {

    ServerProcessOptions {
        Objects.requireNonNull(serverBinary, "serverBinary");
        requirePositive("startupTimeout", startupTimeout);
        requirePositive("shutdownTimeout", shutdownTimeout);
        requirePositive("restartDelay min", restartDelayMin);
        requirePositive("restartDelay max", restartDelayMax);
        requirePositive("healthyResetAfter", healthyResetAfter);
        if (restartDelayMax.compareTo(restartDelayMin) < 0) {
            throw new IllegalArgumentException("restartDelay max must be >= min");
        }
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
        }
    }
}
