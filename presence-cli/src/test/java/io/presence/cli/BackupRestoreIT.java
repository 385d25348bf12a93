package io.presence.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.presence.api.Presence;
import io.presence.api.PresenceStatus;
import io.presence.client.PresenceClient;
import io.presence.client.RealNode;
import io.presence.client.StatusUpdate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup and restore end to end: 10,000 users written to a node, {@code presence export} to a file, the node
 * stopped and its NATS data deleted, a fresh node started, {@code presence import} of the file, and every record
 * compared with what was exported.
 */
class BackupRestoreIT {

    private static final int USERS = 10_000;
    private static final int LAPSED = 10;
    private static final String ADMIN = RealNode.token("ops", "presence:admin");

    @TempDir
    Path dir;
    private RealNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private static CliHarness cli() {
        return new CliHarness().clock(Clock.systemUTC());
    }

    /** What a user was set to: every status, messages (some not ASCII) or none, several TTLs. */
    private static StatusUpdate updateOf(int i) {
        return switch (i % 4) {
            case 0 -> new StatusUpdate(PresenceStatus.ONLINE, "at my desk " + i, Duration.ofSeconds(3600));
            case 1 -> new StatusUpdate(PresenceStatus.AWAY, null, Duration.ofSeconds(7200));
            case 2 -> new StatusUpdate(PresenceStatus.BUSY, "caf\u00e9 \u2615 " + i, Duration.ofSeconds(1800));
            default -> StatusUpdate.of(PresenceStatus.OFFLINE);
        };
    }

    private static void seed(PresenceClient client) throws InterruptedException {
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<Presence>> writes = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            inFlight.acquire();
            String userId = "user-" + i;
            StatusUpdate update = updateOf(i);
            // An offline user is one who was present before: going offline without presence stores nothing.
            CompletableFuture<Presence> write = update.status() == PresenceStatus.OFFLINE
                    ? client.setAsync(userId, StatusUpdate.of(PresenceStatus.ONLINE))
                            .thenCompose(present -> client.setAsync(userId, update))
                    : client.setAsync(userId, update);
            writes.add(write.whenComplete((p, e) -> inFlight.release()));
        }
        // Statuses that lapse at once, so the export holds the reaper's offline transitions (expiresAt kept).
        for (int i = 0; i < LAPSED; i++) {
            writes.add(client.setAsync("lapsed-" + i, new StatusUpdate(PresenceStatus.ONLINE, "gone", Duration.ofSeconds(1))));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    }

    private static Map<String, Presence> byUser(Stream<Presence> presences) {
        return presences.collect(Collectors.toMap(Presence::userId, Function.identity()));
    }

    private static Map<String, Presence> read(Path export) {
        try (Stream<String> lines = Files.lines(export)) {
            return byUser(lines.map(line -> {
                try {
                    return CliJson.MAPPER.readValue(line, Presence.class);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Test
    void tenThousandUsersSurviveAnExportAWipedNodeAndAnImport() throws Exception {
        node = new RealNode(dir, RealNode.NO_RATE_LIMITS);
        try (PresenceClient client = node.client(ADMIN)) {
            seed(client);
            await().atMost(Duration.ofSeconds(20)).until(() -> client.get("lapsed-" + (LAPSED - 1))
                    .map(p -> p.updatedAt().isAfter(p.lastSeen())).orElse(false));
        }

        Path backup = dir.resolve("backup.ndjson");
        CliHarness export = cli();
        assertThat(export.run("export", "--token", ADMIN, "--url", node.baseUrl())).as(export.err()).isZero();
        Files.writeString(backup, export.out());
        assertThat(export.err()).containsPattern("presence: export: " + (USERS + LAPSED) + " presences in \\d+\\.\\d s");
        Map<String, Presence> exported = read(backup);
        assertThat(exported).hasSize(USERS + LAPSED);
        assertThat(exported.get("user-2").message()).isEqualTo("caf\u00e9 \u2615 2");
        Presence lapsed = exported.get("lapsed-0");
        assertThat(lapsed.status()).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(lapsed.expiresAt()).isNotNull();
        assertThat(lapsed.ttlSeconds()).isEqualTo(1);

        // Wipe: stop the node, delete its NATS data, start a fresh node on the same directory.
        node.close();
        node = null;
        deleteTree(dir.resolve("nats-data"));
        node = new RealNode(dir, RealNode.NO_RATE_LIMITS);
        try (PresenceClient client = node.client(ADMIN)) {
            assertThat(client.get("user-0")).as("the new node starts empty").isEmpty();
        }

        CliHarness restore = cli();
        assertThat(restore.run("import", backup.toString(), "--token", ADMIN, "--url", node.baseUrl()))
                .as(restore.err()).isZero();
        assertThat(restore.out()).isEqualTo("IMPORTED  SKIPPED\n" + (USERS + LAPSED) + "     0\n");
        assertThat(restore.err()).containsPattern("presence: import: " + (USERS + LAPSED) + " presences in \\d+\\.\\d s");

        Map<String, Presence> restored;
        try (PresenceClient client = node.client(ADMIN); Stream<Presence> all = client.exportAll()) {
            restored = byUser(all);
        }
        assertThat(restored.keySet()).isEqualTo(exported.keySet());
        exported.forEach((user, before) -> {
            Presence after = restored.get(user);
            assertThat(after.status()).as(user).isEqualTo(before.status());
            assertThat(after.message()).as(user).isEqualTo(before.message());
            assertThat(after.lastSeen()).as(user).isEqualTo(before.lastSeen());
            assertThat(after.expiresAt()).as(user).isEqualTo(before.expiresAt());
            assertThat(after.ttlSeconds()).as(user).isEqualTo(before.ttlSeconds());
            assertThat(after.updatedAt()).as(user).isEqualTo(before.updatedAt());
            assertThat(after.nodeId()).as(user).isEqualTo(before.nodeId());
        });

        CliHarness again = cli();
        assertThat(again.run("import", backup.toString(), "-o", "json", "--token", ADMIN, "--url", node.baseUrl()))
                .as(again.err()).isZero();
        assertThat(again.json().get("imported").asLong()).isZero();
        assertThat(again.json().get("skipped").asLong()).isEqualTo(USERS + LAPSED);
    }
}
