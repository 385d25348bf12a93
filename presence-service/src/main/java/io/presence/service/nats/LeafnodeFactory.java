package io.presence.service.nats;

import io.presence.service.config.ConfigurationRefusedException;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;

/**
 * The leafnode keys of the {@code nats:} section: a center's leafnode listener ({@code leafnodeHost},
 * {@code leafnodePort}), a leaf's {@code hubUrls}, and the credentials both sides use.
 *
 * <p>A base class of {@link NatsFactory} rather than a section of its own: the keys sit directly under
 * {@code nats:} in the configs in use, and {@code @JsonUnwrapped} would let misspelt keys there pass
 * unnoticed.
 */
public abstract class LeafnodeFactory {

    @Min(0)
    @Max(65535)
    private int leafnodePort = 7422;

    /** Where the leafnode listener binds: loopback unless leafnode credentials are configured. */
    @NotBlank
    private String leafnodeHost = "127.0.0.1";

    private String leafnodeUser;

    private String leafnodePassword;

    @NotNull
    private List<@NotBlank String> hubUrls = new ArrayList<>();

    /**
     * A center's listener on {@code leafnodeHost:leafnodePort}, asking leaves for the credentials or, with
     * {@code mutualTls}, for a certificate; with neither configured, no listener: one open to anyone would take any
     * local process as a leaf, and a leaf writes the bucket.
     */
    NatsServerSettings.Leafnodes leafnodeListener(boolean mutualTls) {
        if (!hubUrls.isEmpty()) {
            // config/leaf.yml started as a center (node.type) would otherwise run a second, empty hub unnoticed.
            throw new ConfigurationRefusedException("nats.hubUrls is a leaf's link to its hub, and this node is a"
                    + " center (node.type): remove nats.hubUrls, or set node.type: leaf");
        }
        if (leafnodeUser == null && !mutualTls) {
            return new NatsServerSettings.NoLeafnodes();
        }
        return new NatsServerSettings.Listen(leafnodeHost, leafnodePort, leafnodeUser, leafnodePassword);
    }

    /**
     * A leaf's links to the hub at {@code hubUrls}, carrying {@code leafnodeUser}/{@code leafnodePassword}
     * when set.
     *
     * @param nodeId    the leaf's node id, which is also its JetStream domain
     * @param hubDomain the JetStream domain of the hub
     */
    NatsServerSettings.Remotes hubLinks(String nodeId, String hubDomain) {
        if (hubUrls.isEmpty()) {
            throw new ConfigurationRefusedException("a leaf node needs nats.hubUrls, e.g. [nats-leaf://center-host:7422]");
        }
        if (nodeId.equals(hubDomain)) {
            // The leaf would answer requests for the hub's domain itself: an empty mirror, writes with no responder.
            throw new ConfigurationRefusedException("node.id '" + nodeId + "' is also this leaf's JetStream domain, so it must"
                    + " differ from nats.jetStreamDomain '" + hubDomain + "' (the center's): rename the leaf");
        }
        return new NatsServerSettings.Remotes(hubUrls.stream()
                .map(url -> Credentials.addTo(url, leafnodeUser, leafnodePassword)).toList());
    }

    /** Leafnode links that leave this host must authenticate. */
    @JsonIgnore
    @ValidationMethod(message = "nats.leafnodeHost must be a loopback address unless nats.leafnodeUser and nats.leafnodePassword "
            + "are set: a leafnode listener reachable from other hosts needs credentials")
    public boolean isLeafnodeHost() {
        return (leafnodeUser != null && leafnodePassword != null) || Credentials.isLoopback(leafnodeHost);
    }

    /** Checked with the config, as nats-server would refuse them only when it starts (quoting any password). */
    @JsonIgnore
    @ValidationMethod(message = "nats.hubUrls must be nats-leaf:// URLs (or nats://, tls://, ws://, wss://) with a"
            + " host and, if given, a port of 1-65535, e.g. nats-leaf://center-host:7422 (HUB_URLS or HUB_URL)")
    public boolean isHubUrlsWellFormed() {
        return hubUrls == null || hubUrls.stream().allMatch(url -> NatsUrls.isWellFormed(url, NatsUrls.LEAFNODE_SCHEMES));
    }

    @JsonIgnore
    @ValidationMethod(message = "nats.leafnodeUser and nats.leafnodePassword must be set together")
    public boolean isLeafnodeUser() {
        return (leafnodeUser == null) == (leafnodePassword == null);
    }

    @JsonProperty
    public String getLeafnodeHost() {
        return leafnodeHost;
    }

    @JsonProperty
    public void setLeafnodeHost(String leafnodeHost) {
        this.leafnodeHost = leafnodeHost;
    }

    @JsonProperty
    public int getLeafnodePort() {
        return leafnodePort;
    }

    @JsonProperty
    public void setLeafnodePort(int leafnodePort) {
        this.leafnodePort = leafnodePort;
    }

    @JsonProperty
    public String getLeafnodeUser() {
        return leafnodeUser;
    }

    @JsonProperty
    public void setLeafnodeUser(String leafnodeUser) {
        this.leafnodeUser = Credentials.blankToNull(leafnodeUser);
    }

    @JsonProperty
    public String getLeafnodePassword() {
        return leafnodePassword;
    }

    @JsonProperty
    public void setLeafnodePassword(String leafnodePassword) {
        this.leafnodePassword = Credentials.blankToNull(leafnodePassword);
    }

    @JsonProperty
    public List<String> getHubUrls() {
        return hubUrls;
    }

    @JsonProperty
    public void setHubUrls(List<String> hubUrls) {
        this.hubUrls = hubUrls;
    }
}
