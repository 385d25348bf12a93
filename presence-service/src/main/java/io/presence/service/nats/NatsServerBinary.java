package io.presence.service.nats;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the nats-server executable named by {@code nats.serverBinary}. */
public final class NatsServerBinary {

    static final String HOW_TO_FIX = "install it (apt-get install -y nats-server) or set nats.serverBinary to its path";

    private NatsServerBinary() {
    }

    /** Resolves against the process's {@code PATH}. */
    public static Path resolve(String serverBinary) {
        return resolve(serverBinary, System.getenv("PATH"));
    }

    /**
     * A value containing a path separator is a file path (relative to the working directory);
     * anything else is looked up in {@code pathEnv}.
     *
     * @throws NatsServerBinaryNotFoundException with a one-line message saying how to fix it
     */
    public static Path resolve(String serverBinary, String pathEnv) {
        if (serverBinary == null || serverBinary.isBlank()) {
            throw new NatsServerBinaryNotFoundException("nats.serverBinary is empty; " + HOW_TO_FIX);
        }
        if (serverBinary.indexOf('/') >= 0 || serverBinary.indexOf(File.separatorChar) >= 0) {
            return executable(serverBinary).orElseThrow(() -> new NatsServerBinaryNotFoundException(
                    "nats-server binary " + serverBinary + " (nats.serverBinary) does not exist or is not "
                            + "executable; " + HOW_TO_FIX));
        }
        if (pathEnv != null) {
            for (String dir : pathEnv.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    Optional<Path> found = executable(dir + File.separator + serverBinary);
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            }
        }
        throw new NatsServerBinaryNotFoundException(serverBinary + " not found on PATH; " + HOW_TO_FIX);
    }

    private static Optional<Path> executable(String candidate) {
        try {
            Path p = Path.of(candidate).toAbsolutePath().normalize();
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
