package com.example.presence;

import io.presence.api.Presence;
import io.presence.api.PresenceStatus;
import io.presence.client.PresenceClient;
import io.presence.client.PresenceClientOptions;
import io.presence.client.PresenceException;
import io.presence.client.PresenceListener;
import io.presence.client.PresenceWatch;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * One shared {@link PresenceClient} bean; at start-up, follows one user, sets their status, reads it back and
 * waits for the change on the watch.
 *
 * <p>Usage: {@code PRESENCE_URL=http://localhost:8080 PRESENCE_TOKEN=<a JWT for the user> java -jar ... <user-id>}
 */
@SpringBootApplication
public class SpringBootExample {

    private static final long WAIT_SECONDS = 10;

    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(SpringBootExample.class, args)));
    }

    /** Closed with the context: that ends its watches and threads. */
    @Bean
    PresenceClient presenceClient(@Value("${presence.url}") String url, @Value("${presence.token}") String token) {
        return PresenceClient.create(PresenceClientOptions.builder().baseUrl(url).token(token).build());
    }

    @Bean
    ApplicationRunner setReadAndWatch(PresenceClient client) {
        return arguments -> {
            String userId = arguments.getNonOptionArgs().get(0);
            BlockingQueue<Presence> seen = new LinkedBlockingQueue<>();
            CountDownLatch open = new CountDownLatch(1);
            AtomicReference<PresenceException> failure = new AtomicReference<>();
            try (PresenceWatch watch = client.watch(List.of(userId), new PresenceListener() {
                @Override
                public void onPresence(Presence presence) {
                    seen.add(presence);
                }

                @Override
                public void onConnected() {
                    open.countDown();
                }

                @Override
                public void onError(PresenceException error) {
                    failure.set(error); // why the watch did not open (yet): it retries meanwhile
                }
            })) {
                // A change made before the stream is open would reach the watch only as its first event, if at all.
                if (!open.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the watch did not open within " + WAIT_SECONDS + " s"
                            + (failure.get() == null ? "" : ": " + failure.get().getMessage()));
                }
                Presence stored = client.set(userId, PresenceStatus.ONLINE, "hello from Spring Boot");
                print("set", stored);
                print("read", client.get(userId).orElseThrow());
                print("watched", awaitRevision(seen, stored.revision()));
            }
        };
    }

    /** The first event at or past {@code revision}: the watch may first send the user's earlier presence. */
    private static Presence awaitRevision(BlockingQueue<Presence> seen, long revision) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            Presence presence = seen.poll(left, TimeUnit.NANOSECONDS);
            if (presence != null && presence.revision() >= revision) {
                return presence;
            }
        }
        throw new IllegalStateException("the watch saw no change to revision " + revision + " within " + WAIT_SECONDS + " s");
    }

    private static void print(String what, Presence presence) {
        System.out.println(what + " " + presence.userId() + ": " + presence.status() + " \"" + presence.message()
                + "\" revision " + presence.revision());
    }
}
