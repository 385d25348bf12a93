package io.presence.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.validation.ValidationMethod;
import io.presence.service.auth.AuthFactory;
import io.presence.service.config.CacheFactory;
import io.presence.service.config.DistinctPorts;
import io.presence.service.config.KvFactory;
import io.presence.service.config.LogLevels;
import io.presence.service.config.NodeFactory;
import io.presence.service.config.RateLimitFactory;
import io.presence.service.config.StreamFactory;
import io.presence.service.core.PresenceSettings;
import io.presence.service.nats.NatsFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** The service's YAML configuration; every section has working defaults for a single center. */
@DistinctPorts
public class PresenceConfiguration extends Configuration {

    @Valid
    @NotNull
    private NodeFactory node = new NodeFactory();

    @Valid
    @NotNull
    private NatsFactory nats = new NatsFactory();

    @Valid
    @NotNull
    private KvFactory kv = new KvFactory();

    @Valid
    @NotNull
    private CacheFactory cache = new CacheFactory();

    @Valid
    @NotNull
    private PresenceSettings presence = new PresenceSettings();

    @Valid
    @NotNull
    private AuthFactory auth = new AuthFactory();

    @Valid
    @NotNull
    private StreamFactory stream = new StreamFactory();

    @Valid
    @NotNull
    private RateLimitFactory rateLimit = new RateLimitFactory();

    /**
     * A stream says nothing between changes but its heartbeat; Jetty closes a connection idle for longer
     * than its connector's {@code idleTimeout}, so a slower heartbeat would cut every quiet stream.
     */
    @JsonIgnore
    @ValidationMethod(message = "stream.heartbeatInterval must be shorter than the idleTimeout of every"
            + " server.applicationConnectors entry (30s unless set), or Jetty closes quiet streams")
    public boolean isHeartbeatIntervalShorterThanIdleTimeout() {
        if (!(getServerFactory() instanceof DefaultServerFactory server)) {
            return true;
        }
        long heartbeat = stream.getHeartbeatInterval().toMilliseconds();
        return server.getApplicationConnectors().stream()
                .filter(HttpConnectorFactory.class::isInstance)
                .allMatch(connector -> heartbeat < ((HttpConnectorFactory) connector).getIdleTimeout().toMilliseconds());
    }

    /** Routes join embedded nats-servers; an external cluster or a leaf has none of its own to join. */
    @JsonIgnore
    @ValidationMethod(message = "logging.level and every level under logging.loggers must be one of "
            + LogLevels.NAMES)
    public boolean isEveryLogLevelKnown() {
        return !(getLoggingFactory() instanceof DefaultLoggingFactory logging) || LogLevels.allKnown(logging);
    }

    @JsonIgnore
    @ValidationMethod(message = "nats.cluster joins the embedded nats-servers of centers: it needs node.type: center "
            + "and nats.embedded: true (with nats.embedded: false the operator's NATS cluster is already formed; "
            + "remove nats.cluster)")
    public boolean isClusterOnEmbeddedCenter() {
        return nats.getCluster() == null || !nats.getCluster().isEnabled()
                || nats.isEmbedded() && node.getType() == NodeFactory.Type.CENTER;
    }

    /** A cluster with a bucket on one server still loses everything with that server. */
    @JsonIgnore
    @ValidationMethod(message = "kv.replicas must be at least 2 (3 recommended) with nats.cluster: a bucket with one "
            + "replica lives on one center and is lost with it; set kv.replicas: 3")
    public boolean isClusterReplicated() {
        return !nats.isClustered() || kv.getReplicas() > 1;
    }

    @JsonIgnore
    @ValidationMethod(message = "kv.replicas is more than the servers nats.cluster.routes names: list every "
            + "center in the routes, or lower kv.replicas")
    public boolean isReplicasWithinCluster() {
        return !nats.isClustered() || kv.getReplicas() <= nats.getCluster().largestClusterSize();
    }

    @JsonIgnore
    @ValidationMethod(message = "kv.replicas above 1 needs several NATS servers: set nats.cluster (the centers' "
            + "embedded servers form one), or kv.replicas: 1 for a single center")
    public boolean isReplicasOnACluster() {
        return kv.getReplicas() <= 1 || !nats.isEmbedded() || nats.isClustered()
                || node.getType() == NodeFactory.Type.LEAF;
    }

    @JsonProperty
    public RateLimitFactory getRateLimit() {
        return rateLimit;
    }

    @JsonProperty
    public void setRateLimit(RateLimitFactory rateLimit) {
        this.rateLimit = rateLimit;
    }

    @JsonProperty
    public StreamFactory getStream() {
        return stream;
    }

    @JsonProperty
    public void setStream(StreamFactory stream) {
        this.stream = stream;
    }

    @JsonProperty
    public NodeFactory getNode() {
        return node;
    }

    @JsonProperty
    public void setNode(NodeFactory node) {
        this.node = node;
    }

    @JsonProperty
    public NatsFactory getNats() {
        return nats;
    }

    @JsonProperty
    public void setNats(NatsFactory nats) {
        this.nats = nats;
    }

    @JsonProperty
    public KvFactory getKv() {
        return kv;
    }

    @JsonProperty
    public void setKv(KvFactory kv) {
        this.kv = kv;
    }

    @JsonProperty
    public CacheFactory getCache() {
        return cache;
    }

    @JsonProperty
    public void setCache(CacheFactory cache) {
        this.cache = cache;
    }

    @JsonProperty
    public PresenceSettings getPresence() {
        return presence;
    }

    @JsonProperty
    public void setPresence(PresenceSettings presence) {
        this.presence = presence;
    }

    @JsonProperty
    public AuthFactory getAuth() {
        return auth;
    }

    @JsonProperty
    public void setAuth(AuthFactory auth) {
        this.auth = auth;
    }
}
