package io.presence.service.nats;

import io.dropwizard.lifecycle.Managed;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one NATS connection. It reconnects forever with a short wait, because the embedded
 * server's supervisor restarts a dead child within a second or two, and the service keeps serving
 * from cache meanwhile.
 */
public final class NatsConnector implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(NatsConnector.class);

    private final Connection connection;

    private NatsConnector(Connection connection) {
        this.connection = connection;
    }

    /**
     * Connects, failing fast with a message naming the URLs when no server answers; over TLS when
     * {@code sslContext} is not null, presenting {@code token} when not null.
     *
     * @param name the connection name the server shows, e.g. the node id
     */
    public static NatsConnector connect(List<String> urls, String name, Duration timeout, SSLContext sslContext,
                                        String token) {
        // While its nats-server is down the connection is "disconnected" again at each attempt, every 250 ms: said
        // once, and how many followed when it is back.
        AtomicInteger disconnectsUnsaid = new AtomicInteger(-1);
        ConnectionListener logEvents = (conn, event) -> {
            if (event == ConnectionListener.Events.DISCONNECTED && disconnectsUnsaid.getAndIncrement() >= 0) {
                return;
            }
            if (event != ConnectionListener.Events.RESUBSCRIBED) {
                int repeated = event == ConnectionListener.Events.DISCONNECTED ? 0 : disconnectsUnsaid.getAndSet(-1);
                LOG.info("nats connection {} node={} server={}{}", event.name().toLowerCase(Locale.ROOT), name,
                        conn.getConnectedUrl(), repeated > 0 ? " disconnectedAgain=" + repeated : "");
            }
        };
        Options.Builder builder = Options.builder();
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        if (token != null) {
            // Given apart from the URL, which the connection's log lines show.
            builder.userInfo(ClientToken.USER.toCharArray(), token.toCharArray());
        }
        Options options = builder
                .servers(urls.toArray(String[]::new))
                .connectionName(name)
                .connectionTimeout(timeout)
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250))
                .connectionListener(logEvents)
                .errorListener(new NatsErrorLog(name))
                .build();
        try {
            return new NatsConnector(Nats.connect(options));
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect to NATS at " + urls + ": " + e.getMessage()
                    + " (check nats.urls, or use nats.embedded: true)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to NATS at " + urls, e);
        }
    }

    public Connection connection() {
        return connection;
    }

    @Override
    public void stop() throws InterruptedException {
        connection.close();
    }
}
