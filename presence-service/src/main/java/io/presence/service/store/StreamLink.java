package io.presence.service.store;

import io.dropwizard.lifecycle.Managed;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.api.ClusterInfo;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's view of the stream behind the bucket, asked of JetStream every {@code interval}. The
 * answer comes from the stream's leader, so it tells two things: whether writes can be stored (a
 * leaf's hub link; a replicated center's quorum) and which server leads the stream (where the expiry
 * reaper runs). While the stream does not answer, reads are served from what the node holds and
 * marked stale, and health reports why.
 */
public final class StreamLink implements Managed {

    /** Gauges, 1 while the stream answers and 0 while it does not: a leaf's link to its hub, a center's quorum. */
    public static final String HUB_UP_METRIC = "streamLink.hub.up";
    public static final String QUORUM_UP_METRIC = "streamLink.quorum.up";
    /** Gauge on a leaf: revisions the hub's stream holds that the leaf's mirror does not have yet. */
    public static final String MIRROR_LAG_METRIC = "kv.mirror.lag";

    private static final Logger LOG = LoggerFactory.getLogger(StreamLink.class);
    private static final String STEPDOWN = "$JS.API.STREAM.LEADER.STEPDOWN.";
    private static final Duration HAND_OFF_TIMEOUT = Duration.ofSeconds(2);
    private static final int FAILURES_BEFORE_REFUSING = 2;

    private final Connection connection;
    private final String domain;
    private final String streamName;
    private final Duration interval;
    private final String role;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "stream-link");
        thread.setDaemon(true);
        return thread;
    });
    private volatile State state = new State(false, "not checked yet", null, List.of(), 0);
    private volatile LongConsumer onAnswer = lastSequence -> { };
    /** Checks in a row that got no answer; 0 before the first check. */
    private volatile int failuresInARow;
    /** A leaf's mirror's lag behind the hub's stream at the last check both answered. */
    private volatile long mirrorLag;
    /** The revision a leaf's mirror had reached at the last check both answered, or -1. */
    private volatile long mirrored = -1;
    /** Whether a leaf's mirror was behind the hub at the last check without having moved since the one before. */
    private volatile boolean mirrorStalled;
    /** How many answered checks in a row found a leaf's mirror stalled. */
    private volatile int mirrorStalledChecks;
    /** Whether a leaf's mirror counts as stopped: stalled for {@link #STOPPED_AFTER_CHECKS}, not caught up since. */
    private volatile boolean mirrorStopped;

    /** Stalled checks in a row (one a second) after which a leaf's mirror counts as stopped, not just slow. */
    public static final int STOPPED_AFTER_CHECKS = 10;

    /**
     * @param domain the JetStream domain of the stream (the hub's, from a leaf), or null for the node's own
     * @param role   what the link is, for logs: {@code hub} on a leaf, {@code quorum} on a center
     */
    public StreamLink(Connection connection, String domain, String bucket, Duration interval, String role) {
        this.connection = connection;
        this.domain = domain;
        this.streamName = "KV_" + bucket;
        this.interval = interval;
        this.role = role;
    }

    /** What the last check found; {@code lastSequence} is the stream's newest revision (0 when down). */
    public record State(boolean up, String problem, String leader, List<Replica> replicas, long lastSequence) {
    }

    /** A follower of the stream as its leader sees it. */
    public record Replica(String name, boolean current, boolean offline, long lag) {
    }

    /**
     * How long the leader may not hear from a follower before it counts as offline. nats-server 2.9 never marks a
     * killed replica offline (it reads as lagging, with the lag it had, for good), but it says how long ago it last
     * heard from it; a live follower answers the leader's heartbeats every second or so.
     */
    static final Duration SILENT_OFFLINE = Duration.ofSeconds(10);

    @Override
    public void start() {
        check();
        executor.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops checking; a center whose server leads a replicated stream first hands the leadership to a
     * follower, so a rolling restart pauses writes for an election of a fraction of a second instead
     * of the 4-9 s the followers would wait before they noticed the leader gone.
     */
    @Override
    public void stop() throws InterruptedException {
        executor.shutdownNow();
        if (domain == null && isLeaderHere() && !state.replicas().isEmpty()) {
            handOffLeadership();
        }
    }

    private void handOffLeadership() throws InterruptedException {
        try {
            Message reply = connection.request(STEPDOWN + streamName, null, HAND_OFF_TIMEOUT);
            LOG.info("stream leadership handed off stream={} answer={}", streamName,
                    reply == null ? "none" : new String(reply.getData(), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            LOG.warn("stream leadership not handed off stream={} reason={}", streamName, e.getMessage());
        }
    }

    /** Hears the stream's newest revision after every answered check (a center's watch checks it keeps up). */
    public void whenAnswered(LongConsumer listener) {
        this.onAnswer = listener;
    }

    /** Whether the stream's leader answered the last check. */
    public boolean isUp() {
        return state.up();
    }

    /** Why the last check failed. */
    public String lastProblem() {
        return state.problem();
    }

    public State state() {
        return state;
    }

    /**
     * On a leaf, how many revisions the local mirror was behind the hub's stream at the last check that
     * reached both (a mirror keeps its origin's revisions); 0 on a center.
     */
    public long mirrorLag() {
        return mirrorLag;
    }

    /**
     * On a leaf, whether its mirror has stopped following the hub's stream: behind it at the last check and no
     * further than at the check before (a second or two after the hub's stream changes leader, while the mirror's
     * consumer is placed again). Its reads are then stale though the hub answers. False on a center.
     */
    public boolean mirrorStalled() {
        return mirrorStalled;
    }

    /**
     * On a leaf, how many checks in a row (one a second) found its mirror stalled; 0 while it follows the hub. A
     * leader change stalls it for a check or two; a mirror stopped for good ({@link MirrorRepair}) counts on.
     */
    public int mirrorStalledChecks() {
        return mirrorStalledChecks;
    }

    /**
     * On a leaf, whether its mirror has stopped: stalled for {@value #STOPPED_AFTER_CHECKS} checks in a row, and not
     * caught up with the hub since (a mirror created again is still stopped while it copies). Reads are then stale.
     */
    public boolean mirrorStopped() {
        return mirrorStopped;
    }

    /** On a leaf, the revision its mirror had reached at the last check that reached both; -1 before. */
    public long mirrored() {
        return mirrored;
    }

    /** Whether a mirror at {@code now} is stalled behind {@code hubLast}, having been at {@code before} one check earlier. */
    static boolean stalled(long hubLast, long now, long before) {
        return hubLast > now && now == before;
    }

    /**
     * Whether writes should be refused at once rather than wait {@code kv.timeout} for a store that
     * cannot take them: the stream has not answered {@value #FAILURES_BEFORE_REFUSING} checks in a row.
     * One miss may be a slow answer on a busy machine; it refuses nothing.
     */
    public boolean refusesWrites() {
        return failuresInARow >= FAILURES_BEFORE_REFUSING;
    }

    /**
     * Whether the server this node is connected to leads the stream: true on a server that is not part
     * of a cluster, false while the stream does not answer.
     */
    public boolean isLeaderHere() {
        State s = state;
        if (!s.up()) {
            return false;
        }
        return s.leader() == null || s.leader().equals(connection.getServerInfo().getServerName());
    }

    void check() {
        State next;
        try {
            JetStreamManagement jsm = connection.jetStreamManagement(JetStreamOptions.builder()
                    .domain(domain).requestTimeout(interval).build());
            next = stateOf(jsm.getStreamInfo(streamName));
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            next = new State(false, Objects.toString(e.getMessage(), e.getClass().getSimpleName()), null, List.of(),
                    0);
        }
        State previous = state;
        state = next;
        failuresInARow = next.up() ? 0 : failuresInARow + 1;
        if (next.up() != previous.up()) {
            LOG.info("{} link {} domain={}{}", role, next.up() ? "up" : "down", domain == null ? "-" : domain,
                    next.up() ? "" : " problem=" + next.problem());
        }
        if (next.up() && !Objects.equals(next.leader(), previous.leader())) {
            LOG.info("stream leader stream={} leader={}", streamName, next.leader());
        }
        if (next.up()) {
            if (domain != null) {
                measureMirrorLag(next.lastSequence());
            }
            onAnswer.accept(next.lastSequence());
        }
    }

    /** Asks this node's own JetStream (the leaf's domain) how far its mirror has come. */
    private void measureMirrorLag(long hubLastSequence) {
        try {
            JetStreamManagement local = connection.jetStreamManagement(JetStreamOptions.builder()
                    .requestTimeout(interval).build());
            long now = local.getStreamInfo(streamName).getStreamState().getLastSequence();
            mirrorLag = Math.max(0, hubLastSequence - now);
            mirrorStalled = stalled(hubLastSequence, now, mirrored);
            mirrorStalledChecks = mirrorStalled ? mirrorStalledChecks + 1 : 0;
            if (mirrorStalledChecks >= STOPPED_AFTER_CHECKS) {
                mirrorStopped = true;
            } else if (mirrorLag == 0) {
                mirrorStopped = false;
            }
            mirrored = now;
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.debug("mirror not measured stream={} reason={}", streamName, e.toString());
        }
    }

    private static boolean silent(Duration sinceHeard) {
        return sinceHeard != null && sinceHeard.compareTo(SILENT_OFFLINE) > 0;
    }

    private static State stateOf(StreamInfo info) {
        ClusterInfo cluster = info.getClusterInfo();
        long last = info.getStreamState().getLastSequence();
        if (cluster == null) {
            return new State(true, null, null, List.of(), last);
        }
        if (cluster.getLeader() == null || cluster.getLeader().isEmpty()) {
            // A replica answers for a leaderless stream after a pause: an answer, but no quorum behind it.
            return new State(false, "the stream has no leader (no quorum of its replicas)", null, List.of(), 0);
        }
        List<Replica> replicas = Optional.ofNullable(cluster.getReplicas()).orElse(List.of()).stream()
                .map(r -> new Replica(r.getName(), r.isCurrent(), r.isOffline() || silent(r.getActive()), r.getLag()))
                .toList();
        return new State(true, null, cluster.getLeader(), replicas, last);
    }
}
