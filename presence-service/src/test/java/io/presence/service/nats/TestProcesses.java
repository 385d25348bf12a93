package io.presence.service.nats;

import io.presence.service.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Tracks every process a test starts so {@code @AfterEach} can stop them all. */
final class TestProcesses {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final List<NatsServerProcess> servers = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    NatsServerProcess track(NatsServerProcess server) {
        servers.add(server);
        return server;
    }

    Process spawn(List<String> command, Path directory) throws IOException {
        Process p = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        processes.add(p);
        return p;
    }

    /** Stops servers, then every raw child: destroy, wait, destroyForcibly. */
    void stopAll() throws InterruptedException {
        for (NatsServerProcess server : servers) {
            server.stop();
        }
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    static NatsServerSettings settings(Path dataDir, int clientPort, int monitorPort, int leafnodePort) {
        return new NatsServerSettings("center-1", "127.0.0.1", clientPort, monitorPort, dataDir, "hub",
                new NatsServerSettings.Listen("127.0.0.1", leafnodePort));
    }

    /** A free port outside the range client sockets take theirs from (see {@link FreePorts}). */
    static int freePort() {
        return FreePorts.next();
    }

    static boolean healthy(String monitorUrl) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(monitorUrl + "/healthz"))
                    .timeout(Duration.ofSeconds(1)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Path script(Path dir, String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        file.toFile().setExecutable(true);
        return file;
    }
}
