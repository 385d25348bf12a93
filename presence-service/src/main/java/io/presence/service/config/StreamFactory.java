package io.presence.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** The {@code stream:} section: limits of {@code GET /api/v2/presence/stream} (Server-Sent Events). */
public class StreamFactory {

    @Min(1)
    private int maxStreams = 10_000;

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    private Duration heartbeatInterval = Duration.seconds(15);

    @Min(1)
    private int subscriberQueueSize = 256;

    @Min(1)
    private int writerThreads = 2;

    @JsonProperty
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
