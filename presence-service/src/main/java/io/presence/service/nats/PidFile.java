package io.presence.service.nats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PID file of the nats-server child in its data dir: how the next start of a node finds, and
 * stops, a child left behind by a killed JVM ({@link StaleServerCleaner}).
 */
final class PidFile {

    private static final Logger LOG = LoggerFactory.getLogger(PidFile.class);

    private PidFile() {
    }

    /** Written whole or not at all, so a reader never sees half a number. */
    static void write(Path pidFile, long pid) throws IOException {
        Path tmp = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
        Files.writeString(tmp, pid + "\n");
        Files.move(tmp, pidFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The PID the file names; empty when there is no file, or it does not hold a PID. */
    static OptionalLong read(Path pidFile) throws IOException {
        String text;
        try {
            text = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        try {
            long pid = Long.parseLong(text);
            return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            LOG.warn("ignoring unreadable PID file {}", pidFile);
            return OptionalLong.empty();
        }
    }

    /** Deletes the PID file only if it still names {@code pid}: a newer child may have written its own. */
    static void deleteIfOf(Path pidFile, long pid) {
        try {
            OptionalLong written = read(pidFile);
            if (written.isPresent() && written.getAsLong() == pid) {
                Files.deleteIfExists(pidFile);
            }
        } catch (IOException e) {
            LOG.warn("could not remove PID file {}: {}", pidFile, e.toString());
        }
    }
}
