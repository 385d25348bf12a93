package io.presence.service.store;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatchOption;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PresenceScan;
import io.presence.service.core.StoreUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every current record of the bucket, read through a watch of its own (the last value of each key, deletes left
 * out, ending at the watch's end of data), handed over through a bounded queue: the watch's thread waits while
 * the reader (an export writing to a slow client) has not taken the records before, so a bucket of any size is
 * read no faster than it is taken and never held whole. Keys this service did not write and values that are not
 * presence records are logged and skipped, as the node's own watch skips them.
 */
final class KvScan implements PresenceScan {

    private static final Logger LOG = LoggerFactory.getLogger(KvScan.class);
    /** Records read ahead of the reader. */
    static final int READ_AHEAD = 1_000;
    /** How long the watch's thread waits at a time for room, looking again whether the scan was closed. */
    private static final long OFFER_WAIT_MS = 100;

    /** What the watch hands over: an entry, or the end. */
    private record Item(KeyValueEntry entry) {
        static final Item END = new Item(null);
    }

    private final NatsKvPresenceStore decoder;
    private final Duration timeout;
    private final BlockingQueue<Item> items = new ArrayBlockingQueue<>(READ_AHEAD);
    private final NatsKeyValueWatchSubscription watch;
    private volatile boolean closed;
    private boolean ended;

    /**
     * @param timeout how long to wait for the next record before the scan fails (storage stopped answering)
     */
    KvScan(KeyValue kv, NatsKvPresenceStore decoder, Duration timeout) {
        this.decoder = decoder;
        this.timeout = timeout;
        try {
            this.watch = kv.watchAll(new Feed(), KeyValueWatchOption.IGNORE_DELETE);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw failed("could not start reading the bucket", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted while starting to read the bucket", e);
        }
    }

    @Override
    public Optional<PresenceRecord> next() {
        while (!ended) {
            Item item;
            try {
                item = items.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed("interrupted while reading the bucket", e);
            }
            if (item == null) {
                throw failed("storage sent nothing for " + timeout.toMillis() + " ms while the bucket was read", null);
            }
            if (item == Item.END) {
                ended = true;
                break;
            }
            Optional<PresenceRecord> record = decode(item.entry());
            if (record.isPresent()) {
                return record;
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        closed = true;
        try {
            watch.unsubscribe();
        } catch (RuntimeException e) {
            LOG.debug("bucket scan's watch already gone: {}", e.toString());
        }
        items.clear();
    }

    private Optional<PresenceRecord> decode(KeyValueEntry entry) {
        String userId;
        try {
            userId = UserKeyCodec.decode(entry.getKey());
        } catch (IllegalArgumentException e) {
            LOG.warn("export skipping foreign KV key key={} rev={}", entry.getKey(), entry.getRevision());
            return Optional.empty();
        }
        return decoder.decode(userId, entry);
    }

    private static StoreUnavailableException failed(String what, Exception cause) {
        LOG.warn("bucket scan failed: {}{}", what, cause == null ? "" : ": " + cause);
        return new StoreUnavailableException("storage did not answer while the bucket was read; retry",
                NatsKvPresenceStore.RETRY_AFTER, cause);
    }

    /** Runs on the watch's own thread; waits for room, unless the scan is closed. */
    private final class Feed implements KeyValueWatcher {
        @Override
        public void watch(KeyValueEntry entry) {
            hand(new Item(entry));
        }

        @Override
        public void endOfData() {
            hand(Item.END);
        }

        private void hand(Item item) {
            try {
                while (!closed && !items.offer(item, OFFER_WAIT_MS, TimeUnit.MILLISECONDS)) {
                    // the reader is slower than storage: wait for it
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
