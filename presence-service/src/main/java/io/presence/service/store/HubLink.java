package io.presence.service.store;

import io.dropwizard.lifecycle.Managed;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A leaf's view of its hub: every {@code interval} it asks the hub's JetStream (through the leafnode
 * link, in the hub's domain) about the bucket's stream. While that fails, reads are served from the
 * local mirror and marked stale, and health reports the link down.
 */
public final class HubLink implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(HubLink.class);

    private final Connection connection;
    private final String hubDomain;
    private final String streamName;
    private final Duration interval;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "hub-link");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean up;
    private volatile String lastProblem = "not checked yet";

    public HubLink(Connection connection, String hubDomain, String bucket, Duration interval) {
        this.connection = connection;
        this.hubDomain = hubDomain;
        this.streamName = "KV_" + bucket;
        this.interval = interval;
    }

    @Override
    public void start() {
        check();
        executor.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        executor.shutdownNow();
    }

    /** Whether the hub answered the last check. */
    public boolean isUp() {
        return up;
    }

    /** Why the last check failed. */
    public String lastProblem() {
        return lastProblem;
    }

    void check() {
        boolean nowUp;
        try {
            JetStreamManagement hub = connection.jetStreamManagement(JetStreamOptions.builder()
                    .domain(hubDomain).requestTimeout(interval).build());
            hub.getStreamInfo(streamName);
            nowUp = true;
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            lastProblem = e.getMessage();
            nowUp = false;
        }
        if (nowUp != up) {
            LOG.info("hub link {} domain={}{}", nowUp ? "up" : "down", hubDomain, nowUp ? "" : " problem=" + lastProblem);
        }
        up = nowUp;
    }
}
