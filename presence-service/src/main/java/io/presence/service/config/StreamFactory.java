package io.presence.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import io.presence.service.http.PresenceJson;
import io.presence.service.stream.PresenceBroadcaster;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.LifeCycle;

/** The {@code stream:} section: limits of {@code GET /api/v2/presence/stream} (Server-Sent Events). */
public class StreamFactory {

    @Min(1)
    private int maxStreams = 10_000;

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    private Duration heartbeatInterval = Duration.seconds(15);

    /**
     * How often each stream looks whether its client has gone (a read of its connection, which the client never
     * writes to): the longest a closed stream keeps its slot. 10,000 streams cost 20,000 reads a second at 500 ms.
     */
    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    private Duration clientCheckInterval = Duration.milliseconds(500);

    @Min(1)
    private int subscriberQueueSize = 256;

    @Min(1)
    @Max(64)
    private int writerThreads = 2;

    @JsonProperty
    /**
     * The node's change-stream fan-out, encoding events with {@code json}. It stops with the node, and its open
     * streams end as soon as Jetty starts stopping, so a graceful stop does not wait for them.
     */
    public PresenceBroadcaster build(Environment environment, PresenceJson json, Clock clock) {
        PresenceBroadcaster broadcaster = new PresenceBroadcaster(json::text, clock, maxStreams, subscriberQueueSize,
                heartbeatInterval.toJavaDuration(), clientCheckInterval.toJavaDuration(), writerThreads,
                environment.metrics());
        environment.lifecycle().manage(broadcaster);
        environment.lifecycle().addServerLifecycleListener(jetty -> jetty.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle event) {
                broadcaster.closeAll();
            }
        }));
        return broadcaster;
    }

    public int getMaxStreams() {
        return maxStreams;
    }

    @JsonProperty
    public void setMaxStreams(int maxStreams) {
        this.maxStreams = maxStreams;
    }

    @JsonProperty
    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    @JsonProperty
    public void setHeartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    @JsonProperty
    public Duration getClientCheckInterval() {
        return clientCheckInterval;
    }

    @JsonProperty
    public void setClientCheckInterval(Duration clientCheckInterval) {
        this.clientCheckInterval = clientCheckInterval;
    }

    @JsonProperty
    public int getSubscriberQueueSize() {
        return subscriberQueueSize;
    }

    @JsonProperty
    public void setSubscriberQueueSize(int subscriberQueueSize) {
        this.subscriberQueueSize = subscriberQueueSize;
    }

    @JsonProperty
    public int getWriterThreads() {
        return writerThreads;
    }

    @JsonProperty
    public void setWriterThreads(int writerThreads) {
        this.writerThreads = writerThreads;
    }
}
