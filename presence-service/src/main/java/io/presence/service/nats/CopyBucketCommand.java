package io.presence.service.nats;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatchOption;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.presence.service.StartupErrors;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code copy-bucket --from nats://127.0.0.1:4299 --to nats://127.0.0.1:4222 [--bucket presence] [--timeout 5s]}:
 * copies a single center's presence records into a replicated cluster's bucket.
 *
 * <p>A lone center cannot become a cluster member in place: nats-server deletes a standalone server's
 * streams as orphans when it restarts clustered (nats-io/nats-server#5467, see {@link ClusteredStoreGuard}).
 * So the new centers start on fresh data dirs, the old data dir is served by a throwaway nats-server on a
 * spare port, and this copies its bucket across. It only creates keys the target lacks: a device that
 * already heartbeated on the new cluster keeps that newer record, and running it again changes nothing.
 */
public final class CopyBucketCommand extends Command {

    /** JetStream's "wrong last sequence": the key already exists in the target. */
    private static final int KEY_EXISTS = 10071;
    private static final int STREAM_NOT_FOUND = 10059;
    private static final int PROGRESS_EVERY = 10_000;
    /** Bounded, so a large bucket is read no faster than the target takes it, not buffered whole. */
    private static final int READ_AHEAD = 1_000;

    private final PrintStream out;
    private final PrintStream err;

    public CopyBucketCommand() {
        this(System.out, System.err);
    }

    public CopyBucketCommand(PrintStream out, PrintStream err) {
        super("copy-bucket", "Copy a single center's presence bucket into a cluster's (creates missing keys only)");
        this.out = out;
        this.err = err;
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("--from").required(true).help("the old center's nats-server, e.g. nats://127.0.0.1:4299");
        subparser.addArgument("--to").required(true).help("a server of the new cluster, e.g. nats://127.0.0.1:4222");
        subparser.addArgument("--bucket").setDefault("presence").help("the KV bucket (kv.bucket)");
        subparser.addArgument("--timeout").setDefault("5s")
                .help("how long to wait for a connection, a request, or the next record of --from");
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        // Ours, or a malformed --timeout or URL: the message says what to fix, a trace would only bury it.
        if (error instanceof IllegalStateException || error instanceof IllegalArgumentException) {
            cli.getStdErr().println("copy-bucket: " + UrlCredentials.masked(error.getMessage()));
            cli.getStdErr().flush();
        } else {
            StartupErrors.print(cli.getStdErr(), error);
        }
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        String bucket = namespace.getString("bucket");
        Duration timeout = io.dropwizard.util.Duration.parse(namespace.getString("timeout")).toJavaDuration();
        try (Connection source = connect("--from", namespace.getString("from"), timeout);
             Connection target = connect("--to", namespace.getString("to"), timeout)) {
            KeyValue from = open(source, bucket, timeout, "--from", "is it the old center's nats-server?");
            KeyValue to = open(target, bucket, timeout, "--to", "start the new centers first, they create it");
            copy(from, to, timeout);
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("copying bucket '" + bucket + "' failed: " + e.getMessage()
                    + " (what was copied stays; run it again for the rest)", e);
        }
    }

    private void copy(KeyValue from, KeyValue to, Duration timeout) throws Exception {
        BlockingQueue<Optional<KeyValueEntry>> entries = new ArrayBlockingQueue<>(READ_AHEAD);
        KeyValueWatcher feed = new KeyValueWatcher() {
            @Override
            public void watch(KeyValueEntry entry) {
                hand(Optional.of(entry));
            }

            @Override
            public void endOfData() {
                hand(Optional.empty());
            }

            private void hand(Optional<KeyValueEntry> entry) {
                try {
                    entries.put(entry);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        long copied = 0;
        long skipped = 0;
        try (NatsKeyValueWatchSubscription watch = from.watchAll(feed, KeyValueWatchOption.IGNORE_DELETE)) {
            for (Optional<KeyValueEntry> entry = next(entries, timeout); entry.isPresent();
                 entry = next(entries, timeout)) {
                // Create-only: a key the target has is newer there (written on the cluster) or copied before.
                try {
                    to.create(entry.get().getKey(), entry.get().getValue());
                    copied++;
                } catch (JetStreamApiException e) {
                    if (e.getApiErrorCode() != KEY_EXISTS) {
                        throw e;
                    }
                    skipped++;
                }
                if ((copied + skipped) % PROGRESS_EVERY == 0) {
                    err.println("copy-bucket: " + (copied + skipped) + " records read, " + copied + " copied");
                }
            }
        } finally {
            // The watch is closed, so nothing more arrives; this frees its thread should it wait for room.
            entries.clear();
        }
        out.println("copied " + copied + " records, skipped " + skipped + " already present in the target");
    }

    private static Optional<KeyValueEntry> next(BlockingQueue<Optional<KeyValueEntry>> entries, Duration timeout)
            throws InterruptedException {
        Optional<KeyValueEntry> entry = entries.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (entry == null) {
            throw new IllegalStateException("--from sent nothing for " + timeout.toMillis() + " ms: is its"
                    + " nats-server still up? (what was copied stays; run it again for the rest)");
        }
        return entry;
    }

    // No reconnects: a copy cut short fails at once and is simply run again. A silent error listener: jnats
    // would log each error to stdout, which carries the result; the failure is reported once, on stderr.
    private static Connection connect(String flag, String url, Duration timeout) throws InterruptedException {
        Options options = Options.builder().server(url).connectionName("presence-copy-bucket")
                .connectionTimeout(timeout).noReconnect().errorListener(new ErrorListener() { }).build();
        try {
            return Nats.connect(options);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot connect to " + flag + " " + url + ": " + e.getMessage(), e);
        }
    }

    private static KeyValue open(Connection connection, String bucket, Duration timeout, String flag, String hint)
            throws IOException, JetStreamApiException {
        KeyValueOptions options = KeyValueOptions.builder()
                .jetStreamOptions(JetStreamOptions.builder().requestTimeout(timeout).build()).build();
        try {
            connection.keyValueManagement(options).getStatus(bucket);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                throw new IllegalStateException("there is no bucket '" + bucket + "' at " + flag + " "
                        + connection.getConnectedUrl() + ": " + hint, e);
            }
            throw e;
        }
        return connection.keyValue(bucket, options);
    }
}
