package io.presence.service;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.presence.api.PresenceLimits;
import io.presence.service.auth.TokenCommand;
import io.presence.service.auth.VerificationKeys;
import io.presence.service.config.EnvironmentSourceProvider;
import io.presence.service.config.KeyStoresCheck;
import io.presence.service.config.LogLevelTaskGuard;
import io.presence.service.config.NodeFactory;
import io.presence.service.config.OverridableConfigurationFactoryFactory;
import io.presence.service.config.RateLimitFactory;
import io.presence.service.core.ExpiryReaper;
import io.presence.service.core.PresenceChangeListener;
import io.presence.service.core.PresenceService;
import io.presence.service.core.SessionRepair;
import io.presence.service.core.UserLocks;
import io.presence.service.errors.ErrorHandling;
import io.presence.service.health.EmbeddedNatsHealthCheck;
import io.presence.service.health.NodeHealthChecks;
import io.presence.service.http.ApiMethods;
import io.presence.service.http.DotSegments;
import io.presence.service.http.PresenceJson;
import io.presence.service.json.IsoInstantSerializer;
import io.presence.service.json.StrictJson;
import io.presence.service.metrics.CountOf;
import io.presence.service.metrics.PrometheusMetrics;
import io.presence.service.nats.CopyBucketCommand;
import io.presence.service.nats.NatsConnector;
import io.presence.service.nats.NatsFactory;
import io.presence.service.nats.NatsServerProcess;
import io.presence.service.servlet.ApiEdge;
import io.presence.service.servlet.EdgeServerFactory;
import io.presence.service.store.KvWatch;
import io.presence.service.store.Storage;
import io.presence.service.stream.PresenceBroadcaster;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** Wires a presence node: NATS (embedded or external), the KV store and its cache, the REST API. */
public class PresenceApplication extends Application<PresenceConfiguration> {

    /** The nats-server child {@link #run} started, if any. */
    private volatile NatsServerProcess embedded;

    public static void main(String[] args) throws Exception {
        new PresenceApplication().run(args);
    }

    @Override
    public String getName() {
        return "presence";
    }

    /** Exits with {@link StartupErrors#exitCode}: 78 for a configuration to fix, which no restart can. */
    @Override
    protected void onFatalError(Throwable t) {
        System.exit(StartupErrors.exitCode(t));
    }

    @Override
    protected void addDefaultCommands(Bootstrap<PresenceConfiguration> bootstrap) {
        bootstrap.addCommand(new PresenceServerCommand(this));
        bootstrap.addCommand(new PresenceCheckCommand(this));
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
        KeyStoresCheck.check(config.getServerFactory());
        ErrorHandling.install(config, environment, ApiMethods::allowFor, DotSegments::problem);
        config.setServerFactory(new EdgeServerFactory(config.getServerFactory(), PresenceLimits.MAX_BODY_BYTES));
        PrometheusRegistry prometheus = PrometheusMetrics.install(environment);
        environment.admin().addFilter("log-level-guard", new LogLevelTaskGuard())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, LogLevelTaskGuard.PATH);

        // NATS starts before Jetty opens its ports, so a broken set-up stops the node with the reason.
        NatsServerProcess server = config.getNats().isEmbedded() ? startEmbedded(config, environment) : null;
        embedded = server;
        NatsConnector connector = null;
        try {
            connector = NatsConnector.connect(config.getNats().connectionUrls(server), node.getId(),
                    Duration.ofSeconds(5), config.getNats().connectionSslContext(), config.getNats().connectionToken(server));
            environment.lifecycle().manage(connector);
            wire(config, environment, connector, key, server, prometheus);
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
            /** Jetty starts its managed objects once it stops them on the JVM's exit too. */
            @Override
            public void start() {
                server.handOverStop();
            }

            @Override
            public void stop() throws Exception {
                server.stop();
            }
        });
        environment.healthChecks().register("nats-server", new EmbeddedNatsHealthCheck(server));
        environment.metrics().register(NatsServerProcess.RESTARTS_METRIC, new CountOf(server::restartCount));
        return server;
    }

    /** The node's parts, each built by its configuration section, in the order they depend on each other. */
    private static void wire(PresenceConfiguration config, Environment environment, NatsConnector connector,
                             VerificationKeys key, NatsServerProcess server, PrometheusRegistry prometheus)
            throws InterruptedException, IOException {
        Clock clock = Clock.systemUTC();
        NodeFactory node = config.getNode();
        boolean leaf = node.getType() == NodeFactory.Type.LEAF;
        // Everything on the node that writes a user's record from what it read of it takes turns per user.
        UserLocks locks = new UserLocks();
        Storage storage = config.getKv().build(environment, connector.connection(), leaf,
                config.getNats().getJetStreamDomain(), config.getCache().getMaximumSize(), locks);
        NodeHealthChecks.register(environment, connector.connection(), storage, server, config.getKv().getReplicas());
        PresenceBroadcaster broadcaster = config.getStream().build(environment,
                new PresenceJson(environment.getObjectMapper()), clock);
        // The cache comes first, so a stream's snapshot read never sees an older revision than the watch has sent.
        List<PresenceChangeListener> listeners = new ArrayList<>(List.of(storage.cache(), broadcaster));
        if (!leaf) {
            // Only the hub writes lapses: leaves see them through their mirror.
            ExpiryReaper reaper = new ExpiryReaper(storage.cache(), storage.cache()::sharedKey, node.getId(), clock,
                    config.getPresence().getExpiryCheckInterval().toJavaDuration(), storage.link()::isLeaderHere,
                    locks);
            environment.lifecycle().manage(reaper);
            environment.metrics().register(ExpiryReaper.TRANSITIONS_METRIC, new CountOf(reaper::transitions));
            listeners.add(reaper);
        }
        // After the cache, so a repair reads the record the watch just delivered.
        SessionRepair repair = new SessionRepair(storage.cache(), clock, locks);
        environment.lifecycle().manage(repair);
        environment.metrics().register(SessionRepair.REPAIRS_METRIC, new CountOf(repair::repairs));
        listeners.add(1, repair);
        KvWatch watch = storage.watch(environment, listeners);
        PresenceService service = new PresenceService(storage.cache(), config.getPresence(), node.getId(), clock,
                repair, locks);
        RateLimitFactory limits = config.getRateLimit();
        ApiEdge.build(environment, service, broadcaster, config.getAuth().build(key, clock, environment.metrics()),
                config.getAuth().isPublicReads(), limits.buildReads(environment.metrics()), limits.buildWrites(environment.metrics()),
                limits.clientAddresses(), storage.stale(watch), prometheus);
    }
}
