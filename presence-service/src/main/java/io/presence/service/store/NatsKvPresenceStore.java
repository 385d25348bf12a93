package io.presence.service.store;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PresenceScan;
import io.presence.service.core.PresenceStore;
import io.presence.service.core.StoreConflictException;
import io.presence.service.core.StoreUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The authoritative store: one NATS JetStream KV bucket, one key per user. */
public final class NatsKvPresenceStore implements PresenceStore {

    /** Timer of KV reads (a cache miss), and of KV writes (a put or compare-and-set, until acknowledged). */
    public static final String GET_METRIC = "kv.get";
    public static final String PUT_METRIC = "kv.put";

    /** JetStream's "wrong last sequence": the compare-and-set revision did not match. */
    static final int WRONG_LAST_SEQUENCE = 10071;
    /** The same without the sequence in its text, as newer servers may answer (jnats' create knows both). */
    static final int WRONG_LAST_SEQUENCE_CONSTANT = 10164;
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    /** How long a scan waits for the next record of the bucket before it fails. */
    static final Duration SCAN_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(NatsKvPresenceStore.class);

    private final Connection connection;
    private final KeyValue kv;
    private final KvPuts puts;
    private final AuthoritativeBucket authoritative;
    private final PresenceRecordCodec codec;
    private final Timer getTimer;
    private final Timer putTimer;
    private final InFlightWrites inFlight = new InFlightWrites();
    private final BooleanSupplier refusesWrites;

    /**
     * @param puts          how writes reach the bucket ({@link KvPuts}); reads and compare-and-set go through {@code kv}
     * @param authoritative where {@link #latest} reads: the bucket itself, or for a leaf its hub's
     * @param refusesWrites true while the bucket's stream is known not to take writes (a leaf cut off from
     *                      its hub, a center without quorum): writes then answer at once instead of after
     *                      the KV timeout, so they hold no request thread that reads could use
     */
    NatsKvPresenceStore(Connection connection, KeyValue kv, KvPuts puts, AuthoritativeBucket authoritative,
                        PresenceRecordCodec codec, MetricRegistry metrics, BooleanSupplier refusesWrites) {
        this.authoritative = authoritative;
        this.refusesWrites = refusesWrites;
        this.connection = connection;
        this.kv = kv;
        this.puts = puts;
        this.codec = codec;
        this.getTimer = metrics.timer(GET_METRIC);
        this.putTimer = metrics.timer(PUT_METRIC);
    }

    @Override
    public Optional<PresenceRecord> get(String userId) {
        return read(userId, () -> kv);
    }

    /**
     * The record where the bucket's stream lives: on a center as {@link #get}; on a leaf from its hub, across
     * the link, since the leaf's mirror may not have a write made elsewhere a moment ago.
     *
     * @throws StoreUnavailableException when that bucket does not answer (a leaf cut off from its hub)
     */
    @Override
    public Optional<PresenceRecord> latest(String userId) {
        return read(userId, authoritative::handle);
    }

    private Optional<PresenceRecord> read(String userId, AuthoritativeBucket.Opener bucket) {
        requireConnected();
        KeyValueEntry entry;
        try (Timer.Context ignored = getTimer.time()) {
            entry = bucket.open().get(UserKeyCodec.encode(userId));
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw unavailable("read", userId, e);
        }
        if (entry == null || entry.getOperation() != KeyValueOperation.PUT) {
            return Optional.empty();
        }
        return decode(userId, entry);
    }

    @Override
    public PresenceRecord put(PresenceRecord record) {
        requireWritable();
        InFlightWrites.Write write = inFlight.begin(record, codec.encode(record));
        try (Timer.Context ignored = putTimer.time()) {
            return record.withRevision(puts.put(UserKeyCodec.encode(record.userId()), write.value()));
        } catch (IOException | JetStreamApiException | InterruptedException | RuntimeException e) {
            throw unavailable("write", record.userId(), e);
        } finally {
            inFlight.end(write);
        }
    }

    @Override
    public PresenceRecord putIfRevision(PresenceRecord record, long expectedRevision) {
        requireWritable();
        InFlightWrites.Write write = inFlight.begin(record, codec.encode(record));
        try (Timer.Context ignored = putTimer.time()) {
            String key = UserKeyCodec.encode(record.userId());
            // Revision 0 is "no value yet": create also takes a key whose last entry is a delete marker.
            long revision = expectedRevision == 0 ? kv.create(key, write.value())
                    : kv.update(key, write.value(), expectedRevision);
            return record.withRevision(revision);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE || e.getApiErrorCode() == WRONG_LAST_SEQUENCE_CONSTANT) {
                throw new StoreConflictException(record.userId(), expectedRevision, e);
            }
            throw unavailable("write", record.userId(), e);
        } catch (IOException | RuntimeException e) {
            throw unavailable("write", record.userId(), e);
        } finally {
            inFlight.end(write);
        }
    }

    @Override
    public long latestRevision() {
        requireConnected();
        try (Timer.Context ignored = getTimer.time()) {
            return kv.getStatus().getBackingStreamInfo().getStreamState().getLastSequence();
        } catch (IOException | JetStreamApiException | InterruptedException | RuntimeException e) {
            throw unavailable("read", "-", e);
        }
    }

    /**
     * Every record of the bucket, through a watch of its own.
     *
     * @throws StoreUnavailableException when NATS is not connected or the watch cannot start
     */
    @Override
    public PresenceScan scan() {
        requireConnected();
        return new KvScan(kv, this, SCAN_TIMEOUT);
    }

    /**
     * Decodes a watched or fetched entry (unless it is a write of this node's still in flight, whose
     * record is at hand); a value written by something else is logged and skipped.
     */
    Optional<PresenceRecord> decode(String userId, KeyValueEntry entry) {
        Optional<PresenceRecord> sent = inFlight.find(userId, entry.getValue(), entry.getRevision());
        if (sent.isPresent()) {
            return sent;
        }
        try {
            return Optional.of(codec.decode(userId, entry.getValue(), entry.getRevision()));
        } catch (IllegalArgumentException e) {
            LOG.warn("skipping unreadable record user={} rev={}: {}", userId, entry.getRevision(), e.getMessage());
            return Optional.empty();
        }
    }

    private void requireConnected() {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            throw new StoreUnavailableException("storage is unreachable (NATS connection "
                    + connection.getStatus().name().toLowerCase() + ")", RETRY_AFTER, null);
        }
    }

    private void requireWritable() {
        requireConnected();
        if (refusesWrites.getAsBoolean()) {
            throw new StoreUnavailableException("storage cannot take writes now (no quorum of centers, or the hub"
                    + " is unreachable); retry", RETRY_AFTER, null);
        }
    }

    private static StoreUnavailableException unavailable(String what, String userId, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        LOG.warn("kv {} failed user={}: {}", what, userId, e.toString());
        String message = "write".equals(what)
                ? "storage did not acknowledge the write; its outcome is unknown, retry"
                : "storage did not answer the read; retry";
        return new StoreUnavailableException(message, RETRY_AFTER, e);
    }
}
