package io.presence.client.example;

import io.presence.api.Presence;
import io.presence.api.PresenceList;
import io.presence.api.PresenceStatus;
import io.presence.api.SessionList;
import io.presence.api.Visibility;
import io.presence.client.HeartbeatListener;
import io.presence.client.PresenceApiException;
import io.presence.client.PresenceClient;
import io.presence.client.PresenceClientOptions;
import io.presence.client.PresenceException;
import io.presence.client.PresenceForbiddenException;
import io.presence.client.PresenceHeartbeat;
import io.presence.client.PresenceInvalidInputException;
import io.presence.client.PresenceListener;
import io.presence.client.PresenceRateLimitedException;
import io.presence.client.PresenceTransportException;
import io.presence.client.PresenceUnauthorizedException;
import io.presence.client.PresenceUnavailableException;
import io.presence.client.PresenceValidationException;
import io.presence.client.PresenceWatch;
import io.presence.client.RetryPolicy;
import io.presence.client.StatusUpdate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The snippets of docs/sdk.md, each the body of one method here, so they compile against the public API and
 * {@code SdkGuideTest} runs them; {@code SdkGuideTest} also checks that the guide shows them as they are here.
 */
final class SdkGuide {

    private SdkGuide() {
    }

    static PresenceClient create(String baseUrl, Supplier<String> tokens) {
        PresenceClientOptions options = PresenceClientOptions.builder()
                .baseUrl(baseUrl)                          // add more for failover, in order
                .tokenSupplier(tokens)                     // asked before every request: refresh freely
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5)))
                .build();
        return PresenceClient.create(options);             // one per application; thread-safe
    }

    static PresenceList readAndWrite(PresenceClient client) {
        client.set("alice", PresenceStatus.ONLINE);
        client.set("alice", PresenceStatus.BUSY, "in a call");
        client.set("alice", new StatusUpdate(PresenceStatus.AWAY, "lunch", Duration.ofMinutes(45)));
        Optional<Presence> alice = client.get("alice");   // empty: no presence for alice
        alice.ifPresent(p -> System.out.println(p.status() + " since " + p.lastSeen()));
        return client.getMany("alice", "bob", "carol");    // found in request order, plus notFound
    }

    static PresenceHeartbeat heartbeat(PresenceClient client) {
        HeartbeatListener listener = new HeartbeatListener() {
            @Override
            public void onFailure(PresenceException error, Duration retryIn) {
                System.err.println("heartbeat failing, retry in " + retryIn + ": " + error.getMessage());
            }

            @Override
            public void onStopped(PresenceException error) {
                System.err.println("heartbeat stopped: " + error.getMessage()); // e.g. the token was revoked
            }
        };
        // Throws at once if the token may not write alice or the server refuses the TTL.
        PresenceHeartbeat me = client.heartbeat("alice",
                new StatusUpdate(PresenceStatus.ONLINE, "at my desk", Duration.ofSeconds(60)), listener);
        System.out.println(me.state() + " " + me.lastPresence().map(Presence::revision).orElse(0L));
        return me; // me.close() ends its session; closing the client does too
    }

    static SessionList sessions(PresenceClient client) {
        // Each device writes a session of its own: neither overwrites the other.
        client.setSession("alice", "phone", new StatusUpdate(PresenceStatus.BUSY, "on a call", Duration.ofMinutes(2)));
        client.setSession("alice", "laptop", new StatusUpdate(PresenceStatus.ONLINE, null, Duration.ofMinutes(10)));
        Presence alice = client.endSession("alice", "phone");  // sign out the phone: online, on one device
        System.out.println(alice.status() + " on " + alice.sessions() + " device(s)");
        return client.sessions("alice");                       // with alice's own token (or an admin's)
    }

    static PresenceHeartbeat deviceHeartbeat(PresenceClient client, String deviceId) {
        // Named after the device, a restarted app takes its session over instead of leaving one to lapse.
        return client.heartbeat("alice", deviceId,
                new StatusUpdate(PresenceStatus.ONLINE, null, Duration.ofSeconds(60)), new HeartbeatListener() { });
    }

    static Presence privacy(PresenceClient client) {
        Presence own = client.set("alice", StatusUpdate.of(PresenceStatus.ONLINE)
                .withVisibility(Visibility.INVISIBLE)   // everyone else reads alice as offline
                .withShareLastSeen(false));             // and without lastSeen
        System.out.println(own.visibility() + " " + own.shareLastSeen()); // alice's own view: INVISIBLE false
        return own; // both hold until a write changes them; one without them leaves them as they are
    }

    static PresenceWatch watch(PresenceClient client, Map<String, Presence> view) {
        return client.watch(List.of("bob", "carol"), new PresenceListener() {
            @Override
            public void onPresence(Presence presence) {
                view.put(presence.userId(), presence);
            }

            @Override
            public void onGap(long lastEventId) {
                view.clear(); // the server starts over: every user's current presence follows
            }

            @Override
            public void onConnected() {
                System.out.println("watching");
            }

            @Override
            public void onDisconnected(PresenceException cause) {
                System.out.println("reconnecting: " + cause.getMessage());
            }

            @Override
            public void onError(PresenceException error) {
                System.err.println("cannot open the stream: " + error.getMessage());
            }
        });
    }

    static String errors(PresenceClient client, String userId) {
        try {
            return client.set(userId, PresenceStatus.ONLINE).status().wireName();
        } catch (PresenceInvalidInputException e) {
            return "not sent: " + e.field() + ": " + e.getMessage();    // fix the call
        } catch (PresenceUnauthorizedException | PresenceForbiddenException e) {
            return "token refused: " + e.code();                           // get another token
        } catch (PresenceValidationException e) {
            return "server refused " + e.details();                        // this server's limits
        } catch (PresenceRateLimitedException | PresenceUnavailableException e) {
            return "busy, retried already; later";                         // retryAfter() may say when
        } catch (PresenceApiException e) {
            return "HTTP " + e.status() + " " + e.code();
        } catch (PresenceTransportException e) {
            return "unreachable: " + e.getMessage();                       // retried already, every base URL
        }
    }

    static Optional<Presence> cancel(PresenceClient client) throws InterruptedException, ExecutionException {
        CompletableFuture<Optional<Presence>> bob = client.getAsync("bob");
        try {
            return bob.get(2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            bob.cancel(true); // also cancels the HTTP call; orTimeout() alone would leave it running
            return Optional.empty();
        }
    }
}
