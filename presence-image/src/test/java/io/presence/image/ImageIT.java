package io.presence.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built image tarball as {@code docker load} reads it: its manifest, its config (what
 * {@code docker run} does) and its layers' files; then the node, run from those layers alone.
 */
class ImageIT {

    private static final Path TAR = Path.of(System.getProperty("image.tar"));
    private static final String VERSION = System.getProperty("project.version");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode manifest;
    private static JsonNode config;
    /** Every file of every layer: path (without the leading "./" or "/") -> "mode owner/group". */
    private static final Map<String, String> FILES = new HashMap<>();

    @TempDir
    static Path root;

    @BeforeAll
    static void readImage() throws Exception {
        manifest = JSON.readTree(run("tar", "-xOf", TAR.toString(), "manifest.json").stdout()).get(0);
        config = JSON.readTree(run("tar", "-xOf", TAR.toString(), manifest.get("Config").asText()).stdout());
        for (JsonNode layer : manifest.get("Layers")) {
            // Jib's layers carry libarchive's creation times, which GNU tar would warn about on every file.
            String listing = run("sh", "-c", "tar -xOf \"$1\" \"$2\" | tar -tvz --warning=no-unknown-keyword -f -",
                    "sh", TAR.toString(), layer.asText()).stdout();
            for (String line : listing.lines().toList()) {
                String[] columns = line.split("\\s+");
                FILES.put(columns[columns.length - 1].replaceAll("^\\.?/|/$", ""), columns[0] + " " + columns[1]);
            }
            run("sh", "-c", "tar -xOf \"$1\" \"$2\" | tar -xz --warning=no-unknown-keyword -f - -C \"$3\"", "sh",
                    TAR.toString(), layer.asText(), root.toString());
        }
        // Where the container runtime mounts /proc; the dynamic loader finds the JVM's libraries through it.
        Files.createDirectories(root.resolve("proc"));
    }

    @Test
    void loadsAsPresenceTaggedWithTheVersion() {
        assertThat(manifest.get("RepoTags").toString()).contains("presence:latest", "presence:" + VERSION);
    }

    @Test
    void runsTheServiceWithTheJvmOptionsAsANonRootUser() {
        JsonNode container = config.get("config");

        assertThat(strings(container.get("Entrypoint"))).containsExactly("/opt/java/bin/java",
                "@/etc/presence/jvm.options", "-cp", "@/app/jib-classpath-file",
                "io.presence.service.PresenceApplication");
        assertThat(strings(container.get("Cmd"))).containsExactly("server", "/etc/presence/presence.yml");
        assertThat(container.get("User").asText()).isEqualTo("10001:0");
        assertThat(container.get("WorkingDir").asText()).isEqualTo("/var/lib/presence");
        assertThat(fieldNames(container.get("Volumes"))).containsExactly("/var/lib/presence");
        assertThat(fieldNames(container.get("ExposedPorts")))
                .containsExactlyInAnyOrder("8080/tcp", "8081/tcp", "7422/tcp", "6222/tcp");
    }

    @Test
    void layersHoldTheRuntimeNatsServerAndTheConfiguration() {
        assertThat(FILES).containsEntry("opt/java/bin/java", "-rwxr-xr-x 0/0")
                .containsEntry("opt/java/lib/jspawnhelper", "-rwxr-xr-x 0/0")
                .containsEntry("usr/sbin/nats-server", "-rwxr-xr-x 0/0")
                .containsEntry("usr/bin/wget", "-rwxr-xr-x 0/0")
                .containsEntry("etc/presence/presence.yml", "-rw-r--r-- 0/0")
                .containsEntry("etc/presence/leaf.yml", "-rw-r--r-- 0/0")
                .containsEntry("etc/presence/jvm.options", "-rw-r--r-- 0/0")
                .containsEntry("var/lib/presence", "drwxrwx--- 0/0");
        assertThat(FILES.keySet()).anyMatch(path -> path.matches("app/libs/presence-service-.*\\.jar"));
    }

    @Test
    void nodeStartsFromTheLayersAloneAndPassesItsHealthCheck(@TempDir Path logs) throws Exception {
        // The image's own command, as `docker run` would start it (on this host's network: free ports).
        List<String> command = inImage();
        command.addAll(strings(config.get("config").get("Entrypoint")));
        command.addAll(strings(config.get("config").get("Cmd")));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve("node.log").toFile());
        Map<String, String> environment = builder.environment();
        environment.put("JWT_SECRET", "a-secret-of-at-least-thirty-two-bytes!");
        for (String port : List.of("PRESENCE_PORT", "PRESENCE_ADMIN_PORT", "NATS_CLIENT_PORT", "NATS_MONITOR_PORT",
                "NATS_LEAFNODE_PORT", "CLUSTER_PORT")) {
            environment.put(port, Integer.toString(freePort()));
        }
        // The compose file's health check (docs/compose.yml), run inside the image as Docker would.
        List<String> healthCheck = inImage();
        healthCheck.addAll(List.of("wget", "-q", "-O", "-",
                "http://127.0.0.1:" + environment.get("PRESENCE_ADMIN_PORT") + "/healthcheck"));

        Process node = builder.start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(node.isAlive()).as(() -> log(logs)).isTrue();
                Result check = run(new ProcessBuilder(healthCheck));
                assertThat(check.exit()).as(() -> check.stderr() + "\n" + log(logs)).isZero();
            });
        } finally {
            // --kill-child: the JVM dies with unshare, and every process of its PID namespace with the JVM.
            node.destroy();
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                node.destroyForcibly().waitFor();
            }
        }
    }

    private static String log(Path logs) {
        try {
            return Files.readString(logs.resolve("node.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * A command prefix that runs in {@link #root} as a container would: root directory, working directory,
     * its own /proc. As root (CI) directly, otherwise in a user namespace.
     */
    private static List<String> inImage() {
        List<String> prefix = new ArrayList<>(List.of("unshare"));
        if (!"root".equals(System.getProperty("user.name"))) {
            prefix.add("--map-root-user");
        }
        prefix.addAll(List.of("--mount", "--pid", "--fork", "--kill-child", "--mount-proc", "--root=" + root,
                "--wd=" + config.get("config").get("WorkingDir").asText()));
        return prefix;
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(element -> strings.add(element.asText()));
        return strings;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Result run(String... command) throws Exception {
        Result result = run(new ProcessBuilder(command));
        assertThat(result.exit()).as("%s failed: %s", List.of(command), result.stderr()).isZero();
        return result;
    }

    private static Result run(ProcessBuilder builder) throws Exception {
        Path out = Files.createTempFile("image-it", ".out");
        Path err = Files.createTempFile("image-it", ".err");
        try {
            int exit = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start().waitFor();
            return new Result(exit, Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    private record Result(int exit, String stdout, String stderr) {
    }
}
