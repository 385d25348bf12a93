package io.presence.service.store;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a leaf's mirror again when it has stopped following its hub for good. nats-server 2.9 checks again the
 * expected-revision header that a compare-and-set (a client's {@code If-Match}, an import) stored with its record
 * when a mirror copies the record, and a mirror that lacks the revision named stops there and retries that record
 * for ever: a mirror that was away or is new, or every mirror when a replicated hub took two conditional writes of
 * one user at once (nats-server issue 4320, fixed in 2.9.21). A new mirror copies only what the hub holds now, one
 * record per user, so it passes once that user has been written again with a plain put (their next heartbeat).
 *
 * <p>Told of every check of the hub link that both answered; after {@value StreamLink#STOPPED_AFTER_CHECKS}
 * stalled checks in a row (a leader change stalls a mirror for one or two) it recreates the mirror and has the watch
 * resume, and while the mirror stalls again before it has caught up it waits twice as many before the next, up to
 * {@value #MAX_STALLED_CHECKS}.
 */
public final class MirrorRepair implements LongConsumer {

    /** The metric counting mirrors created again. */
    public static final String REPAIRS_METRIC = "kv.mirror.repairs";
    static final int MAX_STALLED_CHECKS = 320;
    private static final Logger LOG = LoggerFactory.getLogger(MirrorRepair.class);

    /** Deletes the mirror, creates it again and resumes the watch. */
    @FunctionalInterface
    public interface Recreation {
        void recreate() throws Exception;
    }

    private final StreamLink link;
    private final Recreation recreation;
    private final Counter repairs;
    private int due = StreamLink.STOPPED_AFTER_CHECKS;

    public MirrorRepair(StreamLink link, Recreation recreation, MetricRegistry metrics) {
        this.link = link;
        this.recreation = recreation;
        this.repairs = metrics.counter(REPAIRS_METRIC);
    }

    /** Called on the link's thread after each answered check, with the hub's newest revision. */
    @Override
    public void accept(long hubLastSequence) {
        if (link.mirrorLag() == 0) {
            due = StreamLink.STOPPED_AFTER_CHECKS; // caught up: the next stop is a new one
            return;
        }
        int stalled = link.mirrorStalledChecks();
        if (stalled < due) {
            return;
        }
        due = Math.min(due * 2, MAX_STALLED_CHECKS);
        LOG.warn("kv mirror stalled at rev={} while the hub is at rev={} for {} s: creating it again (a conditional"
                + " write it cannot copy; docs/operations.md)", link.mirrored(), hubLastSequence, stalled);
        try {
            recreation.recreate();
            repairs.inc();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("kv mirror not created again, trying later: {}", e.toString());
        }
    }
}
