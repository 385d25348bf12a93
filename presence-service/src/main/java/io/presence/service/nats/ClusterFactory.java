package io.presence.service.nats;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code nats.cluster:} section of a center: its embedded nats-server joins the other centers'
 * by NATS routes into one cluster with clustered JetStream, so the bucket can be replicated
 * ({@code kv.replicas: 3}) and any one center may be lost. Absent, or without routes: a single center.
 */
public class ClusterFactory {

    @NotBlank
    @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 chars of [A-Za-z0-9_-]")
    private String name = "presence-hub";

    /** Bind address of the route listener: loopback unless route credentials are configured. */
    @NotBlank
    private String host = "127.0.0.1";

    @Min(1)
    @Max(65535)
    private int port = 6222;

    /** Where other centers reach this one's route listener, when that differs from host:port (NAT). */
    private String advertise;

    /**
     * Every center's route URL, this one's included: {@code nats-route://c1:6222}. None: a single center,
     * as if the section were absent (so one config file serves both, with the routes from the environment).
     */
    @NotNull
    private List<@NotBlank String> routes = new ArrayList<>();

    private String user;

    private String password;

    /** TLS on the routes; nats-server always verifies the peer's certificate there. */
    @Valid
    private NatsTlsFactory tls;

    /** Whether any route is configured: without one this center is on its own. */
    @JsonIgnore
    public boolean isEnabled() {
        return !routes.isEmpty();
    }

    /** The settings the config writer renders: route URLs carry the credentials when they have none. */
    public NatsServerSettings.Cluster settings() {
        List<String> urls = routes.stream().map(url -> Credentials.addTo(url, user, password)).toList();
        return new NatsServerSettings.Cluster(name, host, port, advertise, urls, user, password,
                tls == null ? null : tls.settings());
    }

    @JsonIgnore
    @ValidationMethod(message = "nats.cluster.host must be a loopback address unless nats.cluster.user and "
            + "nats.cluster.password are set: a route listener reachable from other hosts needs credentials "
            + "(set CLUSTER_USER and CLUSTER_PASSWORD)")
    public boolean isHostGuarded() {
        return !isEnabled() || user != null && password != null || Credentials.isLoopback(host);
    }

    @JsonIgnore
    @ValidationMethod(message = "nats.cluster.user and nats.cluster.password must be set together")
    public boolean isUserWithPassword() {
        return (user == null) == (password == null);
    }

    @JsonIgnore
    @ValidationMethod(message = "nats.cluster.routes must be nats-route:// URLs with a host and a port of 1-65535,"
            + " e.g. nats-route://c1:6222 (CLUSTER_ROUTES, separated by commas)")
    public boolean isRoutesWellFormed() {
        return routes.stream().allMatch(url -> NatsUrls.isWellFormed(url, NatsUrls.ROUTE_SCHEMES));
    }

    /** The most servers the routes can name: every route, plus this server when it lists only the others. */
    public int largestClusterSize() {
        return routes.size() + 1;
    }

    @JsonProperty
    public String getName() {
        return name;
    }

    @JsonProperty
    public void setName(String name) {
        this.name = name;
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
    public int getPort() {
        return port;
    }

    @JsonProperty
    public void setPort(int port) {
        this.port = port;
    }

    @JsonProperty
    public String getAdvertise() {
        return advertise;
    }

    @JsonProperty
    public void setAdvertise(String advertise) {
        this.advertise = Credentials.blankToNull(advertise);
    }

    @JsonProperty
    public List<String> getRoutes() {
        return routes;
    }

    @JsonProperty
    public void setRoutes(List<String> routes) {
        this.routes = routes;
    }

    @JsonProperty
    public String getUser() {
        return user;
    }

    @JsonProperty
    public void setUser(String user) {
        this.user = Credentials.blankToNull(user);
    }

    @JsonProperty
    public String getPassword() {
        return password;
    }

    @JsonProperty
    public void setPassword(String password) {
        this.password = Credentials.blankToNull(password);
    }

    @JsonProperty
    public NatsTlsFactory getTls() {
        return tls;
    }

    @JsonProperty
    public void setTls(NatsTlsFactory tls) {
        this.tls = tls;
    }
}
