package io.presence.service.store;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamState;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.UserLocks;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a center's bucket within a few times its size on disk and in nats-server's memory, by storing its oldest
 * records again, unchanged, at the stream's end.
 *
 * <p>nats-server 2.9 keeps the bucket in blocks of 4 MB and removes a block only once every record in it was
 * replaced. Under writes spread over many users a user who is not written for long holds on to the block of their
 * last write: with 100k users the oldest record still live was 1.2M revisions old after 1.5M writes, its 49 blocks
 * held 89 MB for 18.5 MB of records, and the server, which loads a block to remove a record from it, held 381 MB
 * (docs/performance.md, twelfth round). A record older than {@code factor} times the bucket's number of records
 * (about one write in fifty with 4, under writes spread evenly over every user) is therefore stored again as it
 * is. Its revision changes and nothing else: the nodes' watches see it as a record
 * {@link PresenceRecord#restates restated}, which streams do not send, and a user with privacy settings keeps the
 * public revision everyone else reads ({@link PresenceRecord#withPublicRevisionPinned}).
 * A bucket spanning fewer than {@code minimumSpan} revisions is left as it is: its blocks are small, and a small
 * deployment's records keep their revisions (and ETags) while nothing writes them.
 *
 * <p>A move is a plain put, like every write of the node: a compare-and-set would store its expected-revision header
 * with the record, and a leaf's nats-server 2.9 that mirrors it later stops there ({@code core.SessionRepair} says
 * why). It takes its turn with the node's writes of the user ({@link UserLocks}) and moves only the record the
 * cache holds at that revision, so no write through this node is replaced; a write through another node in the same
 * milliseconds races it as any two nodes' writes race, and its node's {@code SessionRepair} writes it again on top.
 * Runs on the node whose server leads the stream (as the expiry reaper does), once a second, moving at most
 * {@code movesPerPass} records a pass. A user past the cache's bound is moved too, once storage confirms the record is
 * still the user's last; its move reaches the streams of that user as a write, since no node's cache holds what it
 * restates. A record left where it is (a deleted user's marker, a foreign value) is passed over once: the next pass
 * goes on from where this one stopped, so a front of records no move can take never costs a pass of reads a second.
 */
public final class BucketCompactor implements Managed {

    /** Counter: records stored again at the stream's end. */
    public static final String MOVED_METRIC = "kv.compaction.moved";

    static final int DEFAULT_FACTOR = 4;
    static final long DEFAULT_MINIMUM_SPAN = 250_000;
    static final int DEFAULT_MOVES_PER_PASS = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger(BucketCompactor.class);
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final int NO_MESSAGE_FOUND = 10037;

    private final JetStreamManagement jsm;
    private final KvPuts puts;
    private final CachedPresenceStore cache;
    private final UserLocks locks;
    private final String stream;
    private final String subjectPrefix;
    private final PresenceRecordCodec codec;
    private final BooleanSupplier leadsStream;
    private final int factor;
    private final long minimumSpan;
    private final int movesPerPass;
    private final Counter moved;
    /** Where the last pass stopped: the records before it that are still there are ones it left as they are. */
    private long resumeAt;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bucket-compactor");
        thread.setDaemon(true);
        return thread;
    });

    /** A center's compactor with the defaults. */
    BucketCompactor(Connection connection, String bucket, KvPuts puts, CachedPresenceStore cache, UserLocks locks,
                    PresenceRecordCodec codec, BooleanSupplier leadsStream, MetricRegistry metrics) throws IOException {
        this(connection, bucket, puts, cache, locks, codec, leadsStream, metrics, DEFAULT_FACTOR, DEFAULT_MINIMUM_SPAN,
                DEFAULT_MOVES_PER_PASS);
    }

    BucketCompactor(Connection connection, String bucket, KvPuts puts, CachedPresenceStore cache, UserLocks locks,
                    PresenceRecordCodec codec, BooleanSupplier leadsStream, MetricRegistry metrics, int factor,
                    long minimumSpan, int movesPerPass) throws IOException {
        this.jsm = connection.jetStreamManagement();
        this.puts = puts;
        this.cache = cache;
        this.locks = locks;
        this.stream = "KV_" + bucket;
        this.subjectPrefix = KvPuts.centerPrefix(bucket);
        this.codec = codec;
        this.leadsStream = leadsStream;
        this.factor = factor;
        this.minimumSpan = minimumSpan;
        this.movesPerPass = movesPerPass;
        this.moved = metrics.counter(MOVED_METRIC);
    }

    @Override
    public void start() {
        executor.scheduleWithFixedDelay(this::passQuietly, INTERVAL.toMillis(), INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        executor.shutdownNow();
    }

    private void passQuietly() {
        try {
            pass();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            // The stream not answering is the stream link's to report; the next pass tries again.
            LOG.debug("compaction pass skipped: {}", e.toString());
        }
    }

    /** One pass: stores again the records older than the bucket should span, up to {@code movesPerPass}; returns how many. */
    synchronized int pass() throws IOException, JetStreamApiException {
        if (!leadsStream.getAsBoolean()) {
            return 0;
        }
        StreamState state = jsm.getStreamInfo(stream).getStreamState();
        long keep = Math.max(minimumSpan, factor * state.getMsgCount());
        long oldestKept = state.getLastSequence() - keep + 1;
        int done = 0;
        long next = Math.max(state.getFirstSequence(), resumeAt);
        for (int tried = 0; next < oldestKept && tried < movesPerPass; tried++) {
            MessageInfo oldest;
            try {
                oldest = jsm.getNextMessage(stream, next, subjectPrefix + ">");
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
                    break;
                }
                throw e;
            }
            if (oldest.getSeq() >= oldestKept) {
                break;
            }
            if (moveForward(oldest)) {
                done++;
            }
            next = oldest.getSeq() + 1;
        }
        resumeAt = next;
        moved.inc(done);
        return done;
    }

    /**
     * Stores a user's record again at the stream's end, in turn with the node's writes of the user, if it is the
     * user's record still: the one the cache holds at that revision, or for a user the cache does not hold (past its
     * bound) the one storage holds last. False when it is not (written since), or is no user's record (a deleted
     * user's marker, a foreign key or value).
     */
    boolean moveForward(MessageInfo record) {
        String key = record.getSubject().substring(subjectPrefix.length());
        String userId;
        try {
            userId = UserKeyCodec.decode(key);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return locks.inTurn(userId, () -> {
            PresenceRecord current = cache.cached(userId).orElseGet(() -> storedLast(userId, record));
            return current != null && current.revision() == record.getSeq()
                    && put(key, valueOf(current, record.getData()));
        });
    }

    /** The record as stored if storage holds none later for the user; null if it does, or the value is no record. */
    private PresenceRecord storedLast(String userId, MessageInfo record) {
        byte[] value = record.getData();
        if (value == null || value.length == 0) {
            return null; // a deleted user's marker
        }
        try {
            PresenceRecord stored = codec.decode(userId, value, record.getSeq());
            return jsm.getLastMessage(stream, record.getSubject()).getSeq() == record.getSeq() ? stored : null;
        } catch (IllegalArgumentException e) {
            return null;
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("record not moved: " + e.getMessage(), e);
        }
    }

    /** The value as stored, but for a user with privacy settings whose record names no public revision yet. */
    private byte[] valueOf(PresenceRecord current, byte[] stored) {
        PresenceRecord pinned = current.withPublicRevisionPinned();
        return pinned == current ? stored : codec.encode(pinned);
    }

    private boolean put(String key, byte[] value) {
        try {
            puts.put(key, value);
            return true;
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("record not moved: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while moving a record", e);
        }
    }
}
