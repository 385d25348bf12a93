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

/**
 * Follows one user, sets their status, reads it back and waits for the change on the watch.
 *
 * <p>Usage: {@code PRESENCE_URL=http://localhost:8080 PRESENCE_TOKEN=<a JWT for the user> java ... <user-id>}
 */
public final class PlainMavenExample {

    private static final long WAIT_SECONDS = 10;

    private PlainMavenExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1 || System.getenv("PRESENCE_URL") == null || System.getenv("PRESENCE_TOKEN") == null) {
            System.err.println("usage: PRESENCE_URL=<url> PRESENCE_TOKEN=<token> PlainMavenExample <user-id>");
            System.exit(2);
        }
        String userId = args[0];
        PresenceClientOptions options = PresenceClientOptions.builder()
                .baseUrl(System.getenv("PRESENCE_URL"))
                .token(System.getenv("PRESENCE_TOKEN"))
                .build();
        BlockingQueue<Presence> seen = new LinkedBlockingQueue<>();
        CountDownLatch open = new CountDownLatch(1);
        AtomicReference<PresenceException> failure = new AtomicReference<>();
        try (PresenceClient client = PresenceClient.create(options);
             PresenceWatch watch = client.watch(List.of(userId), new PresenceListener() {
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
            Presence stored = client.set(userId, PresenceStatus.ONLINE, "hello from plain Maven");
            print("set", stored);
            print("read", client.get(userId).orElseThrow());
            print("watched", awaitRevision(seen, stored.revision()));
        }
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
