package io.presence.service.nats;

import io.presence.service.config.ConfigurationRefusedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Refuses to start a clustered server on the JetStream store of a server that ran on its own. Such a
 * server joining a cluster finds its streams unknown to the cluster's meta group and deletes them as
 * orphans (nats-server 2.9 and 2.10, nats-io/nats-server#5467): every presence would be gone. The way
 * from one center to three starts the cluster on fresh data dirs and copies the bucket over
 * ({@code copy-bucket}, docs/operations.md).
 */
final class ClusteredStoreGuard {

    /** JetStream keeps the meta group's state here once the server has run in a cluster. */
    private static final String META_DIR = "$SYS/_js_/_meta_";

    private ClusteredStoreGuard() {
    }

    static void check(NatsServerSettings settings) {
        if (settings.cluster() == null) {
            return;
        }
        // nats-server puts its own "jetstream" folder under the store_dir it is given.
        Path store = settings.storeDir().resolve("jetstream");
        if (hasStreams(store) && !Files.isDirectory(store.resolve(META_DIR))) {
            throw new ConfigurationRefusedException("nats.dataDir " + settings.dataDir() + " holds the bucket of a center"
                    + " that ran on its own; nats-server would delete it as an orphan on joining the cluster."
                    + " Start this center of the cluster on a fresh nats.dataDir and copy the presences over with"
                    + " copy-bucket (docs/operations.md, \"From one center to three\")");
        }
    }

    private static boolean hasStreams(Path store) {
        if (!Files.isDirectory(store)) {
            return false;
        }
        try (Stream<Path> accounts = Files.list(store)) {
            return accounts.filter(account -> !account.getFileName().toString().equals("$SYS"))
                    .anyMatch(account -> isNonEmptyDirectory(account.resolve("streams")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JetStream store " + store, e);
        }
    }

    private static boolean isNonEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JetStream store " + dir, e);
        }
    }
}
