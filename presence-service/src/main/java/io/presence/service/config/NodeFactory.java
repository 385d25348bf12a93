package io.presence.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The {@code node:} section: this node's role and name. */
public class NodeFactory {

    /** What a node does: the hub holding the authoritative bucket, or a region with a replica. */
    public enum Type {
        @JsonProperty("center") CENTER,
        @JsonProperty("leaf") LEAF
    }

    @NotNull
    private Type type = Type.CENTER;

    /** Names the node in records ({@code nodeId}), logs and the nats-server's server_name. */
    @NotNull
    @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 characters of letters, digits, _ and -")
    private String id = "center-1";

    @JsonProperty
    public Type getType() {
        return type;
    }

    @JsonProperty
    public void setType(Type type) {
        this.type = type;
    }

    @JsonProperty
    public String getId() {
        return id;
    }

    @JsonProperty
    public void setId(String id) {
        this.id = id;
    }
}
