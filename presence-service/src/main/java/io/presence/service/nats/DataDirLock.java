package io.presence.service.nats;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's hold on its data dir, taken before anything in it is touched. Two nodes on one data dir
 * would each take the other's nats-server for a stale one and stop it, or run two servers on one
 * JetStream store. The operating system drops the lock when the JVM dies, however it dies, so a node
 * restarted after {@code kill -9} gets the dir back and cleans up what the old one left.
 */
final class DataDirLock implements AutoCloseable {

    static final String FILE_NAME = "node.lock";
    private static final Logger LOG = LoggerFactory.getLogger(DataDirLock.class);

    private final FileChannel channel;

    private DataDirLock(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Refuses, as {@link #acquire} would, a {@code dataDir} that is no directory or one this user cannot write, or
     * (not there yet) one that could not be created; changes nothing.
     *
     * @throws IllegalStateException naming the dir and what to change
     */
    static void checkWritable(Path dataDir) {
        Path existing = dataDir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new IllegalStateException("nats.dataDir " + dataDir + " is not a writable directory (" + existing
                    + (existing != null && !Files.isDirectory(existing) ? " is a file" : " cannot be written")
                    + "): point nats.dataDir (NATS_DATA_DIR in the example configs) at one this user can write");
        }
    }

    /**
     * Creates {@code dataDir} if needed and locks it.
     *
     * @throws IllegalStateException naming the dir and what to change, when it cannot be created or
     *                               written, or another node holds it
     */
    static DataDirLock acquire(Path dataDir) {
        FileChannel channel;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(dataDir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IllegalStateException("nats.dataDir " + dataDir + " is not a writable directory (" + e
                    + "): point nats.dataDir (NATS_DATA_DIR in the example configs) at one this user can write", e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException | IOException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new IllegalStateException("nats.dataDir " + dataDir + " is in use by another running node (it"
                    + " holds " + FILE_NAME + " there): give each node its own nats.dataDir, or stop the other one first");
        }
        return new DataDirLock(channel);
    }

    /** Releases the dir (closing the channel releases its lock). */
    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("could not close the data dir lock: {}", e.toString());
        }
    }
}
