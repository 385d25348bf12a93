package io.presence.service.store;

import io.dropwizard.core.setup.Environment;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.presence.service.core.PresenceChangeListener;
import io.presence.service.core.UserLocks;
import io.presence.service.health.KvBucketHealthCheck;
import io.presence.service.health.KvWatchHealthCheck;
import io.presence.service.metrics.ValueOf;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A node's storage, opened: its bucket (a center's, or a leaf's mirror of its hub's), the link that tells
 * whether the bucket's stream answers, the KV store and its cache in front.
 *
 * @param snapshotKv the same bucket with a longer request timeout, for the watch's first subscribe
 *                   ({@link PresenceBucket#snapshotHandle})
 * @param linked  whether the node depends on a stream elsewhere: a leaf on its hub, a replicated center on
 *                its quorum. Only a linked node refuses writes or marks reads stale when the link is down.
 */
public record Storage(Connection connection, KeyValue kv, KeyValue snapshotKv, StreamLink link,
                      NatsKvPresenceStore store, CachedPresenceStore cache, boolean leaf, boolean linked,
                      PresenceBucket bucket, String hubDomain) {

    /** How often a node asks whether the bucket's stream answers (a leaf's hub; a replicated center's quorum). */
    private static final Duration STREAM_CHECK_INTERVAL = Duration.ofSeconds(1);

    /**
     * Opens the bucket (a center creates it with {@code replicas}; a leaf mirrors its hub's, in the hub's
     * JetStream domain) and checks the stream before anything reads, so the first reads already know
     * whether it answers. A center with {@code compaction} keeps its bucket compact ({@link BucketCompactor}) while
     * its server leads the stream, in turn with the node's writes of each user ({@code locks}).
     */
    public static Storage open(Environment environment, Connection connection, PresenceBucket bucket,
                               String hubDomain, boolean leaf, int replicas, long cacheSize, boolean compaction,
                               UserLocks locks) throws InterruptedException, IOException {
        KeyValue kv = leaf ? bucket.openMirror(hubDomain) : bucket.open(replicas);
        KeyValue snapshotKv = bucket.snapshotHandle();
        StreamLink link = new StreamLink(connection, leaf ? hubDomain : null, bucket.name(), STREAM_CHECK_INTERVAL,
                leaf ? "hub" : "quorum");
        environment.lifecycle().manage(link);
        environment.metrics().register(leaf ? StreamLink.HUB_UP_METRIC : StreamLink.QUORUM_UP_METRIC,
                new ValueOf<>(() -> link.isUp() ? 1 : 0));
        if (leaf) {
            environment.metrics().register(StreamLink.MIRROR_LAG_METRIC, new ValueOf<>(link::mirrorLag));
        }
        boolean linked = leaf || replicas > 1;
        AuthoritativeBucket authoritative = leaf ? AuthoritativeBucket.remote(() -> bucket.hubHandle(hubDomain))
                : AuthoritativeBucket.local(kv);
        PresenceRecordCodec codec = new PresenceRecordCodec(environment.getObjectMapper());
        NatsKvPresenceStore store = new NatsKvPresenceStore(connection, kv, bucket.puts(leaf ? hubDomain : null),
                authoritative, codec, environment.metrics(), linked ? link::refusesWrites : () -> false);

        CachedPresenceStore cache = new CachedPresenceStore(store, cacheSize, environment.metrics());
        if (!leaf && compaction) {
            environment.lifecycle().manage(new BucketCompactor(connection, bucket.name(), bucket.puts(null), cache,
                    locks, codec, link::isLeaderHere, environment.metrics()));
        }
        environment.healthChecks().register("kv-bucket", new KvBucketHealthCheck(kv));
        return new Storage(connection, kv, snapshotKv, link, store, cache, leaf, linked, bucket, hubDomain);
    }

    /**
     * Whether reads are stale now, for a node that can be cut off: a leaf from its hub, a replicated center
     * from its quorum, still has its cache and its replica, so reads go on, marked; so are they while the node's
     * {@code watch} is down or stalled (a center's consumer lost with another center) or a leaf's mirror has
     * stalled, when the cache stops following the stream, or has stopped and, created again, not caught up yet.
     * Empty for a lone center, whose reads are never stale.
     */
    public Optional<BooleanSupplier> stale(KvWatch watch) {
        return linked ? Optional.of(() -> !link.isUp() || !watch.isCurrent() || link.mirrorStalled()
                || link.mirrorStopped())
                : Optional.empty();
    }

    /**
     * Starts the node's one watch on the bucket, which feeds {@code listeners} in order, and waits (bounded) for its
     * snapshot: the node opens its ports after this, so no connection waits on a cold node.
     */
    public KvWatch watch(Environment environment, List<PresenceChangeListener> listeners) throws InterruptedException {
        KvWatch watch = new KvWatch(connection, kv, snapshotKv, store, cache, listeners);
        if (leaf) {
            // A leaf watches its own mirror, which may lag its hub's stream with nothing wrong, unless it stopped.
            link.whenAnswered(new MirrorRepair(link, () -> {
                bucket.recreateMirror(hubDomain);
                watch.watchAgain();
            }, environment.metrics()));
        } else {
            link.whenAnswered(watch::resubscribeIfStalled);
        }
        watch.load();
        environment.lifecycle().manage(watch);
        environment.metrics().register(KvWatch.LAG_METRIC,
                new ValueOf<>(() -> watch.lagBehind(link.state().lastSequence())));
        environment.healthChecks().register("kv-watch", new KvWatchHealthCheck(watch));
        return watch;
    }
}
