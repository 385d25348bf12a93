package io.presence.service.nats;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.DataSizeUnit;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * The {@code nats:} section of the service configuration: either an embedded nats-server child
 * ({@code embedded: true}, the default) or an external NATS cluster at {@code urls}.
 *
 * <p>A port of 0 lets the OS choose a free port at start (handy for tests); {@link
 * NatsServerProcess#clientUrl()} then tells the port chosen. The leafnode keys are in {@link LeafnodeFactory}.
 */
public class NatsFactory extends LeafnodeFactory {

    private boolean embedded = true;

    @NotBlank
    private String serverBinary = "nats-server";

    @NotBlank
    private String dataDir = "./nats-data";

    @NotBlank
    private String host = "127.0.0.1";

    @Min(0)
    @Max(65535)
    private int clientPort = 4222;

    @Min(0)
    @Max(65535)
    private int monitorPort = 8222;

    @NotNull
    private List<@NotBlank String> urls = new ArrayList<>();

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration startupTimeout = Duration.seconds(30);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration shutdownTimeout = Duration.seconds(10);

    @NotBlank
    @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 chars of [A-Za-z0-9_-]")
    private String jetStreamDomain = "hub";

    /** JetStream's bound on memory-backed streams (the bucket is on disk; consumers keep their state here). */
    @NotNull
    @MinDataSize(value = 1, unit = DataSizeUnit.MEBIBYTES)
    @MaxDataSize(value = 1, unit = DataSizeUnit.PEBIBYTES)
    private DataSize maxMemoryStore = DataSize.bytes(NatsServerSettings.Limits.DEFAULTS.maxMemoryStore());

    /** JetStream's bound on the disk its streams may use; a write past it is refused, not lost. */
    @NotNull
    @MinDataSize(value = 1, unit = DataSizeUnit.MEBIBYTES)
    @MaxDataSize(value = 1, unit = DataSizeUnit.PEBIBYTES)
    private DataSize maxFileStore = DataSize.bytes(NatsServerSettings.Limits.DEFAULTS.maxFileStore());

    /** The embedded server's soft memory limit (GOMEMLIMIT): it collects garbage harder near it. */
    @NotNull
    @MinDataSize(value = 16, unit = DataSizeUnit.MEBIBYTES)
    @MaxDataSize(value = 1, unit = DataSizeUnit.PEBIBYTES)
    private DataSize memoryLimit = DataSize.bytes(NatsServerSettings.Limits.DEFAULTS.memoryLimit());

    /**
     * The embedded server's GOGC: how far (in percent of what is live) its heap grows before it collects. Lower
     * holds less memory and spends more CPU on collection.
     */
    @Min(10)
    @Max(1000)
    private int gcPercent = NatsServerSettings.Limits.DEFAULTS.gcPercent();

    /** A center's route listener and routes to the other centers; null for a single center. */
    @Valid
    private ClusterFactory cluster;

    /** TLS for the embedded server's client port and leafnode links, and for this node's connection. */
    @Valid
    private NatsTlsFactory tls;

    @JsonProperty
    public ClusterFactory getCluster() {
        return cluster;
    }

    @JsonProperty
    public void setCluster(ClusterFactory cluster) {
        this.cluster = cluster;
    }

    /** Whether this node's embedded nats-server is one of several forming a cluster. */
    @JsonIgnore
    public boolean isClustered() {
        return embedded && cluster != null && cluster.isEnabled();
    }

    @JsonProperty
    public NatsTlsFactory getTls() {
        return tls;
    }

    @JsonProperty
    public void setTls(NatsTlsFactory tls) {
        this.tls = tls;
    }

    /** The context the node's NATS connection uses, or null for plain TCP. */
    public SSLContext connectionSslContext() {
        return tls == null ? null : tls.clientContext();
    }

    /**
     * A size so large its bytes overflow a long would wrap round (to a small or negative number) before the bounds
     * above compare it: refuse it as what it is.
     */
    @JsonIgnore
    @ValidationMethod(message = "nats.maxMemoryStore, nats.maxFileStore and nats.memoryLimit must each be at most 1 PiB")
    public boolean isSizesWithinALong() {
        return Stream.of(maxMemoryStore, maxFileStore, memoryLimit).allMatch(size -> size == null
                || size.getQuantity() <= Long.MAX_VALUE / size.getUnit().toBytes(1));
    }

    /**
     * The embedded server's client port asks for the data dir's token ({@link ClientToken}) and its monitoring port
     * for nothing: only this host may reach them.
     */
    @JsonIgnore
    @ValidationMethod(message = "nats.host must be a loopback address (e.g. 127.0.0.1): the embedded nats-server's client"
            + " port has only a token kept on this host, and its monitoring port asks for nothing and shows the streams;"
            + " other hosts reach a node over HTTP, leaves through nats.leafnodeHost, centers through nats.cluster.host")
    public boolean isHost() {
        return !embedded || Credentials.isLoopback(host);
    }

    /** External NATS needs somewhere to connect to; say what to set instead of failing later. */
    @JsonIgnore
    @ValidationMethod(message = "lists no server: with nats.embedded: false set nats.urls "
            + "(e.g. [nats://nats-1:4222]), or set nats.embedded: true to run the embedded nats-server")
    public boolean isUrls() {
        return embedded || !urls.isEmpty();
    }

    /**
     * The URLs the NATS client connects to: the embedded child's client URL, or {@code urls}.
     *
     * @param embeddedServer the started embedded server; ignored (may be null) when not embedded
     */
    public List<String> connectionUrls(NatsServerProcess embeddedServer) {
        if (!embedded) {
            return List.copyOf(urls);
        }
        if (embeddedServer == null) {
            throw new IllegalStateException("nats.embedded is true but no embedded nats-server was built");
        }
        return List.of(embeddedServer.clientUrl());
    }

    /** The token this node presents to its embedded server; null for an external cluster (its URLs carry any). */
    public String connectionToken(NatsServerProcess embeddedServer) {
        return embedded && embeddedServer != null ? embeddedServer.clientToken().orElse(null) : null;
    }

    /**
     * A center's embedded server: JetStream domain {@code jetStreamDomain} and, when leafnode credentials or TLS
     * are configured, a leafnode listener on {@code leafnodeHost:leafnodePort} asking for them.
     *
     * @param serverName the node id, e.g. {@code center-1}
     */
    public NatsServerProcess buildServerProcess(String serverName) {
        return buildProcess(serverName, jetStreamDomain, leafnodeListener(tls != null),
                isClustered() ? cluster.settings() : null);
    }

    /**
     * A leaf's embedded server: its own JetStream domain (the node id) and a leafnode connection to
     * the hub at {@code hubUrls}, carrying {@code leafnodeUser}/{@code leafnodePassword} when set.
     */
    public NatsServerProcess buildLeafServerProcess(String nodeId) {
        return buildProcess(nodeId, nodeId, hubLinks(nodeId, jetStreamDomain), null);
    }

    private NatsServerProcess buildProcess(String serverName, String domain, NatsServerSettings.Leafnodes leafnodes,
                                           NatsServerSettings.Cluster clusterSettings) {
        if (!embedded) {
            throw new IllegalStateException("nats.embedded is false: there is no nats-server to run; "
                    + "connect to nats.urls instead");
        }
        NatsServerSettings settings = new NatsServerSettings(serverName, host, clientPort, monitorPort,
                Path.of(dataDir), domain, leafnodes, tls == null ? null : tls.settings(), clusterSettings,
                new NatsServerSettings.Limits(maxMemoryStore.toBytes(), maxFileStore.toBytes(), memoryLimit.toBytes(),
                        gcPercent));
        return NatsServerProcess.builder()
                .settings(settings)
                .clientToken()
                .serverBinary(serverBinary)
                .startupTimeout(startupTimeout.toJavaDuration())
                .shutdownTimeout(shutdownTimeout.toJavaDuration())
                .build();
    }

    @JsonProperty
    public boolean isEmbedded() {
        return embedded;
    }

    @JsonProperty
    public void setEmbedded(boolean embedded) {
        this.embedded = embedded;
    }

    @JsonProperty
    public String getServerBinary() {
        return serverBinary;
    }

    @JsonProperty
    public void setServerBinary(String serverBinary) {
        this.serverBinary = serverBinary;
    }

    @JsonProperty
    public String getDataDir() {
        return dataDir;
    }

    @JsonProperty
    public void setDataDir(String dataDir) {
        this.dataDir = dataDir;
    }

    @JsonProperty
    public String getHost() {
        return host;
    }

    @JsonProperty
    public void setHost(String host) {
        this.host = host;
    }

    @JsonProperty
    public int getClientPort() {
        return clientPort;
    }

    @JsonProperty
    public void setClientPort(int clientPort) {
        this.clientPort = clientPort;
    }

    @JsonProperty
    public int getMonitorPort() {
        return monitorPort;
    }

    @JsonProperty
    public void setMonitorPort(int monitorPort) {
        this.monitorPort = monitorPort;
    }

    @JsonProperty
    public List<String> getUrls() {
        return urls;
    }

    @JsonProperty
    public void setUrls(List<String> urls) {
        this.urls = urls;
    }

    @JsonProperty
    public Duration getStartupTimeout() {
        return startupTimeout;
    }

    @JsonProperty
    public void setStartupTimeout(Duration startupTimeout) {
        this.startupTimeout = startupTimeout;
    }

    @JsonProperty
    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    @JsonProperty
    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    @JsonProperty
    public String getJetStreamDomain() {
        return jetStreamDomain;
    }

    @JsonProperty
    public void setJetStreamDomain(String jetStreamDomain) {
        this.jetStreamDomain = jetStreamDomain;
    }

    @JsonProperty
    public DataSize getMaxMemoryStore() {
        return maxMemoryStore;
    }

    @JsonProperty
    public void setMaxMemoryStore(DataSize maxMemoryStore) {
        this.maxMemoryStore = maxMemoryStore;
    }

    @JsonProperty
    public DataSize getMaxFileStore() {
        return maxFileStore;
    }

    @JsonProperty
    public void setMaxFileStore(DataSize maxFileStore) {
        this.maxFileStore = maxFileStore;
    }

    @JsonProperty
    public DataSize getMemoryLimit() {
        return memoryLimit;
    }

    @JsonProperty
    public void setMemoryLimit(DataSize memoryLimit) {
        this.memoryLimit = memoryLimit;
    }

    @JsonProperty
    public int getGcPercent() {
        return gcPercent;
    }

    @JsonProperty
    public void setGcPercent(int gcPercent) {
        this.gcPercent = gcPercent;
    }
}
