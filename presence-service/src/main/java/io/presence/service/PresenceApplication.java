package io.presence.service;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.nats.client.KeyValue;
import io.presence.api.PresenceLimits;
import io.presence.service.auth.TokenCommand;
import io.presence.service.auth.VerificationKeys;
import io.presence.service.config.EnvironmentSourceProvider;
import io.presence.service.http.ApiMethods;
import io.presence.service.http.PresenceJson;
import io.presence.service.json.StrictJson;
import io.presence.service.servlet.ApiEdge;
import io.presence.service.servlet.EdgeServerFactory;
import io.presence.service.config.NodeFactory;
import io.presence.service.config.OverridableConfigurationFactoryFactory;
import io.presence.service.config.RateLimitFactory;
import io.presence.service.config.StreamFactory;
import io.presence.service.core.ExpiryReaper;
import io.presence.service.core.PresenceChangeListener;
import io.presence.service.core.PresenceService;
import io.presence.service.errors.ErrorHandling;
import io.presence.service.health.ClusterHealthCheck;
import io.presence.service.health.EmbeddedNatsHealthCheck;
import io.presence.service.health.HubLinkHealthCheck;
import io.presence.service.health.KvBucketHealthCheck;
import io.presence.service.health.KvWatchHealthCheck;
import io.presence.service.health.NatsConnectionHealthCheck;
import io.presence.service.json.IsoInstantSerializer;
import io.presence.service.nats.CopyBucketCommand;
import io.presence.service.nats.NatsConnector;
import io.presence.service.nats.NatsFactory;
import io.presence.service.nats.NatsServerProcess;
import io.presence.service.nats.ServerMonitor;
import io.presence.service.store.CachedPresenceStore;
import io.presence.service.store.KvWatch;
import io.presence.service.store.NatsKvPresenceStore;
import io.presence.service.store.PresenceBucket;
import io.presence.service.store.PresenceRecordCodec;
import io.presence.service.store.StreamLink;
import io.presence.service.stream.PresenceBroadcaster;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.util.component.LifeCycle;

/** Wires a presence node: NATS (embedded or external), the KV store and its cache, the REST API. */
public class PresenceApplication extends Application<PresenceConfiguration> {

    /** How often a node asks whether the bucket's stream answers (a leaf's hub; a replicated center's quorum). */
    private static final Duration STREAM_CHECK_INTERVAL = Duration.ofSeconds(1);

    /** The nats-server child {@link #run} started, if any. */
    private volatile NatsServerProcess embedded;

    public static void main(String[] args) throws Exception {
        new PresenceApplication().run(args);
    }

    @Override
    public String getName() {
        return "presence";
    }

    @Override
    protected void addDefaultCommands(Bootstrap<PresenceConfiguration> bootstrap) {
        bootstrap.addCommand(new PresenceServerCommand(this));
        bootstrap.addCommand(new CheckCommand<>(this));
        bootstrap.addCommand(new TokenCommand());
        bootstrap.addCommand(new CopyBucketCommand());
    }

    @Override
    public void initialize(Bootstrap<PresenceConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new EnvironmentSourceProvider(bootstrap.getConfigurationSourceProvider()));
        // Timestamps are ISO-8601 strings in responses and in stored KV values, written without the formatter.
        bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .registerModule(IsoInstantSerializer.module());
        StrictJson.configureObjectMapper(bootstrap.getObjectMapper());
        bootstrap.setConfigurationFactoryFactory(new OverridableConfigurationFactoryFactory<>());
    }

    @Override
    public void run(PresenceConfiguration config, Environment environment) throws Exception {
        NodeFactory node = config.getNode();
        VerificationKeys key = config.getAuth().verificationKeys();
        ErrorHandling.install(config, environment, ApiMethods::allowFor);
        config.setServerFactory(new EdgeServerFactory(config.getServerFactory(), PresenceLimits.MAX_BODY_BYTES));

        // NATS starts before Jetty opens its ports, so a broken set-up stops the node with the reason.
        NatsServerProcess server = config.getNats().isEmbedded() ? startEmbedded(config, environment) : null;
        embedded = server;
        NatsConnector connector = null;
        try {
            connector = NatsConnector.connect(config.getNats().connectionUrls(server), node.getId(),
                    Duration.ofSeconds(5), config.getNats().connectionSslContext());
            environment.lifecycle().manage(connector);
            wire(config, environment, connector, key, server);
        } catch (Exception e) {
            if (connector != null) {
                connector.stop();
            }
            if (server != null) {
                server.stop();
            }
            throw e;
        }
    }

    /**
     * Stops the embedded nats-server, if this node started one. For a start that fails after {@link #run}
     * (e.g. Jetty cannot bind its port): Jetty then stops nothing it had not started, and the child would
     * outlive the JVM holding the NATS ports.
     */
    void stopEmbeddedNats() throws InterruptedException {
        NatsServerProcess server = embedded;
        if (server != null) {
            server.stop();
        }
    }

    /** Starts the supervised nats-server child of this node's role; it stops with the node. */
    private static NatsServerProcess startEmbedded(PresenceConfiguration config, Environment environment)
            throws Exception {
        NodeFactory node = config.getNode();
        NatsFactory nats = config.getNats();
        NatsServerProcess server = node.getType() == NodeFactory.Type.LEAF
                ? nats.buildLeafServerProcess(node.getId()) : nats.buildServerProcess(node.getId());
        server.start();
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() throws Exception {
                server.stop();
            }
        });
        environment.healthChecks().register("nats-server", new EmbeddedNatsHealthCheck(server));
        return server;
    }

    private static void wire(PresenceConfiguration config, Environment environment, NatsConnector connector,
                             VerificationKeys key, NatsServerProcess server) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        String nodeId = config.getNode().getId();
        boolean leaf = config.getNode().getType() == NodeFactory.Type.LEAF;
        String bucket = config.getKv().getBucket();
        Duration kvTimeout = config.getKv().getTimeout().toJavaDuration();
        String hubDomain = config.getNats().getJetStreamDomain();
        PresenceBucket buckets = new PresenceBucket(connector.connection(), bucket, kvTimeout,
                config.getKv().getOpenTimeout().toJavaDuration());
        KeyValue kv = leaf ? buckets.openMirror(hubDomain) : buckets.open(config.getKv().getReplicas());
        // Checked before the watch starts, so the first reads already know whether the stream answers.
        StreamLink link = new StreamLink(connector.connection(), leaf ? hubDomain : null, bucket,
                STREAM_CHECK_INTERVAL, leaf ? "hub" : "quorum");
        environment.lifecycle().manage(link);
        boolean linked = leaf || config.getKv().getReplicas() > 1;
        NatsKvPresenceStore kvStore = new NatsKvPresenceStore(connector.connection(), kv,
                new PresenceRecordCodec(environment.getObjectMapper()), environment.metrics(),
                linked ? link::refusesWrites : () -> false);
        CachedPresenceStore cached = new CachedPresenceStore(kvStore, config.getCache().getMaximumSize(),
                environment.metrics());
        StreamFactory stream = config.getStream();
        PresenceJson json = new PresenceJson(environment.getObjectMapper());
        PresenceBroadcaster broadcaster = new PresenceBroadcaster(json::text, clock,
                stream.getMaxStreams(), stream.getSubscriberQueueSize(),
                stream.getHeartbeatInterval().toJavaDuration(), stream.getWriterThreads(), environment.metrics());
        // The cache comes first, so a stream's snapshot read never sees an older revision than the watch has sent.
        List<PresenceChangeListener> listeners = new ArrayList<>(List.of(cached, broadcaster));
        // A leaf cut off from its hub, or a replicated center from its quorum, still has its cache and its
        // replica: reads go on, marked stale.
        BooleanSupplier stale = linked ? () -> !link.isUp() : () -> false;
        if (leaf) {
            environment.healthChecks().register("hub-link", new HubLinkHealthCheck(link,
                    server == null ? Optional::empty : server::lastLeafnodeError,
                    server == null ? Optional::empty : server::duplicateLeafnodeLink));
        } else {
            if (linked) {
                environment.healthChecks().register("cluster", new ClusterHealthCheck(link,
                        Optional.ofNullable(server).map(s -> new ServerMonitor(s.monitorUrl())),
                        config.getKv().getReplicas()));
            }
            // Only the hub writes lapses: leaves see them through their mirror.
            ExpiryReaper reaper = new ExpiryReaper(cached, cached::sharedKey, nodeId, clock,
                    config.getPresence().getExpiryCheckInterval().toJavaDuration(), link::isLeaderHere);
            listeners.add(reaper);
            environment.lifecycle().manage(reaper);
        }
        KvWatch watch = new KvWatch(connector.connection(), kv, kvStore, cached, listeners);
        if (!leaf) {
            // A leaf watches its own mirror, which may lag its hub's stream with nothing wrong.
            link.whenAnswered(watch::resubscribeIfStalled);
        }
        environment.lifecycle().manage(watch);
        environment.lifecycle().manage(broadcaster);
        // Open streams end as soon as Jetty starts stopping, so a graceful stop does not wait for them.
        environment.lifecycle().addServerLifecycleListener(jetty -> jetty.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle event) {
                broadcaster.closeAll();
            }
        }));

        PresenceService service = new PresenceService(cached, config.getPresence(), nodeId, clock);
        RateLimitFactory limits = config.getRateLimit();
        ApiEdge.build(environment, service, broadcaster, config.getAuth().build(key, clock, environment.metrics()),
                limits.buildReads(environment.metrics()), limits.buildWrites(environment.metrics()),
                limits.clientAddresses(), stale);

        environment.healthChecks().register("nats", new NatsConnectionHealthCheck(connector.connection()));
        environment.healthChecks().register("kv-bucket", new KvBucketHealthCheck(kv));
        environment.healthChecks().register("kv-watch", new KvWatchHealthCheck(watch));
    }
}
