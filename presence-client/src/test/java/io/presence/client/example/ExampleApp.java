package io.presence.client.example;

import io.presence.api.Presence;
import io.presence.api.PresenceStatus;
import io.presence.client.PresenceClient;
import io.presence.client.PresenceClientOptions;
import io.presence.client.PresenceHeartbeat;
import io.presence.client.PresenceNotFoundException;
import io.presence.client.PresenceWatch;
import io.presence.client.StatusUpdate;
import java.time.Duration;
import java.util.List;

/** What an embedding app writes; compiles against the public API only (io.presence.client, io.presence.api). */
public final class ExampleApp {

    private ExampleApp() {
    }

    /**
     * Runs the example against a server.
     *
     * @param args the base URL and a token for {@code alice}
     */
    public static void main(String[] args) throws Exception {
        PresenceClientOptions options = PresenceClientOptions.builder()
                .baseUrl(args[0])
                .tokenSupplier(() -> args[1])
                .readTimeout(Duration.ofSeconds(5))
                .build();
        try (PresenceClient client = PresenceClient.create(options);
             PresenceWatch watch = client.watch(List.of("alice", "bob"),
                     presence -> System.out.println(presence.userId() + " is " + presence.status()));
             PresenceHeartbeat heartbeat = client.heartbeat("alice", PresenceStatus.ONLINE, "at my desk",
                     Duration.ofSeconds(60))) {
            Presence bob = client.get("bob").orElse(null);
            System.out.println("bob: " + (bob == null ? "unknown" : bob.status()));
            client.setAsync("alice", new StatusUpdate(PresenceStatus.BUSY, "in a call", Duration.ofSeconds(300)))
                    .thenAccept(p -> System.out.println("alice at revision " + p.revision()))
                    .join();
        } catch (PresenceNotFoundException e) {
            System.err.println("not found: " + e.getMessage());
        }
    }
}
