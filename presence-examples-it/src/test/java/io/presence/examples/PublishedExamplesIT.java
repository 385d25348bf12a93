package io.presence.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.api.Presence;
import io.presence.api.PresenceStatus;
import io.presence.client.PresenceClient;
import io.presence.client.RealNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SDK as a consumer gets it: deployed by {@code mvn -Prelease deploy} to a file repository, then each
 * project in {@code examples/} built by its own Maven run that finds presence-client only there, and run
 * against a live node.
 *
 * <p>The SDK is deployed as a version made for this run, which no local repository can hold yet: an example
 * that builds has resolved it from the file repository, not from an earlier install. The copies Maven
 * makes of it in the local repository are removed at the end.
 */
class PublishedExamplesIT {

    private static final Path CHECKOUT = Path.of(System.getProperty("presence.checkout")).normalize();
    private static final Path WORK = Path.of(System.getProperty("presence.work"));
    private static final Path LOCAL_REPOSITORY = Path.of(System.getProperty("maven.local.repository"));
    private static final boolean OFFLINE = System.getProperty("maven.offline").equals("offline=true");
    private static final String VERSION = System.getProperty("presence.revision") + "-it." + System.currentTimeMillis();
    private static final Path RELEASES = WORK.resolve("repository/releases");
    private static final Path SNAPSHOTS = WORK.resolve("repository/snapshots");
    private static final List<String> PUBLISHED = List.of("presence-api", "presence-client", "presence-parent");
    /** The id the examples' settings give the file repository, which Maven names in its download log. */
    private static final String REPOSITORY_ID = "presence-it";
    /** A first run on a new machine downloads the examples' plugins and Spring Boot from Maven Central. */
    private static final Duration MAVEN_LIMIT = Duration.ofMinutes(5);
    private static final Duration RUN_LIMIT = Duration.ofMinutes(1);

    private static RealNode node;

    @BeforeAll
    static void deployTheSdkAndStartANode() throws Exception {
        delete(WORK);
        Files.createDirectories(WORK.resolve("node"));
        Path sources = copyOfTheSdk(WORK.resolve("sdk"));
        // What a release job runs, less the tests (the build around this test ran them) and the API reference.
        // Never offline: the deploy plugin refuses to be, even for a file repository. After the first run it
        // finds all it needs in the local repository (the rest of its plugins this build used already).
        maven(sources, "deploy.log", false, "-pl", ".,presence-api,presence-client", "deploy", "-Prelease",
                "-Drevision=" + VERSION, "-Dpresence.releases.url=" + RELEASES.toUri(),
                "-Dpresence.snapshots.url=" + SNAPSHOTS.toUri(), "-Dmaven.test.skip=true", "-Djacoco.skip=true",
                "-Dmaven.install.skip=true", "-Dcodegen.skip=true").assertSucceeded();
        Files.writeString(WORK.resolve("settings.xml"), """
                <settings>
                  <profiles>
                    <profile>
                      <id>presence-it</id>
                      <repositories>
                        <repository>
                          <id>%s</id>
                          <url>%s</url>
                          <snapshots>
                            <enabled>false</enabled>
                          </snapshots>
                        </repository>
                      </repositories>
                    </profile>
                  </profiles>
                  <activeProfiles>
                    <activeProfile>presence-it</activeProfile>
                  </activeProfiles>
                </settings>
                """.formatted(REPOSITORY_ID, RELEASES.toUri()));
        node = new RealNode(WORK.resolve("node"));
    }

    @AfterAll
    static void stopTheNodeAndForgetTheVersion() throws IOException {
        if (node != null) {
            node.close();
        }
        for (String artifact : PUBLISHED) {
            Path cached = LOCAL_REPOSITORY.resolve("io/presence").resolve(artifact);
            delete(cached.resolve(VERSION));
            Files.deleteIfExists(cached.resolve("maven-metadata-" + REPOSITORY_ID + ".xml"));
            Files.deleteIfExists(cached.resolve("maven-metadata-presence-releases.xml"));
        }
    }

    @Test
    void releaseDeploysTheSdkWithSourcesAndJavadocAndNothingElse() throws IOException {
        Path group = RELEASES.resolve("io/presence");
        try (Stream<Path> artifacts = Files.list(group)) {
            assertThat(artifacts.map(path -> path.getFileName().toString())).containsExactlyInAnyOrderElementsOf(PUBLISHED);
        }
        assertThat(group.resolve("presence-parent/" + VERSION + "/presence-parent-" + VERSION + ".pom")).isRegularFile();
        for (String artifact : List.of("presence-api", "presence-client")) {
            Path dir = group.resolve(artifact).resolve(VERSION);
            for (String suffix : List.of(".pom", ".jar", "-sources.jar", "-javadoc.jar")) {
                assertThat(dir.resolve(artifact + "-" + VERSION + suffix)).isRegularFile();
            }
        }
        // The release profile took -SNAPSHOT off: nothing went to the snapshot repository.
        assertThat(SNAPSHOTS).doesNotExist();
        // Flattened: a consumer's Maven cannot resolve ${revision}${changelist}.
        String pom = Files.readString(group.resolve("presence-client/" + VERSION + "/presence-client-" + VERSION + ".pom"));
        assertThat(pom).contains("<version>" + VERSION + "</version>").doesNotContain("${revision}", "${changelist}")
                .contains("<artifactId>okhttp-jvm</artifactId>").doesNotContain("<artifactId>okhttp</artifactId>");
    }

    @Test
    void plainMavenAppBuildsWithMavensDefaultPluginsAndSetsReadsAndWatches() throws Exception {
        Path project = copyOfExample("plain-maven");
        maven(project, "build.log", OFFLINE, "-s", WORK.resolve("settings.xml").toString(),
                "-Dpresence.version=" + VERSION, "package",
                "org.apache.maven.plugins:maven-dependency-plugin:" + System.getProperty("dependency-plugin.version")
                        + ":build-classpath", "-Dmdep.outputFile=target/classpath.txt").assertSucceeded();
        assertResolvedFromTheFileRepository();
        String classPath = project.resolve("target/classes") + ":" + Files.readString(project.resolve("target/classpath.txt"));

        Commands.Result run = java(project, "plain-maven-user", "-cp", classPath, "com.example.presence.PlainMavenExample");

        assertSetReadAndWatched(run, "plain-maven-user", "hello from plain Maven");
    }

    @Test
    void springBootAppBuildsWithBootsDependencyManagementAndSetsReadsAndWatches() throws Exception {
        Path project = copyOfExample("spring-boot");
        maven(project, "build.log", OFFLINE, "-s", WORK.resolve("settings.xml").toString(),
                "-Dpresence.version=" + VERSION, "package").assertSucceeded();
        assertResolvedFromTheFileRepository();
        Path jar = project.resolve("target/presence-spring-boot-example-1.0.jar");
        // What this test is about: the app runs on the Kotlin standard library and Jackson that Boot 3.5 pins,
        // older than the ones the SDK is built with (OkHttp's kotlin-stdlib 2.x, Dropwizard's Jackson 2.21).
        String okhttpJvm = "okhttp-jvm-" + System.getProperty("okhttp.version") + ".jar";
        assertThat(libraries(jar)).contains("presence-client-" + VERSION + ".jar", okhttpJvm)
                .anyMatch(name -> name.matches("kotlin-stdlib-1\\.9\\.\\d+\\.jar"))
                .anyMatch(name -> name.matches("jackson-databind-2\\.19\\.\\d+\\.jar"))
                .noneMatch(name -> name.matches("okhttp-\\d.*\\.jar"));

        Commands.Result run = java(project, "spring-boot-user", "-jar", jar.toString());

        assertSetReadAndWatched(run, "spring-boot-user", "hello from Spring Boot");
    }

    /** Maven's record, beside the copy in the local repository, of the repository the jar came from. */
    private static void assertResolvedFromTheFileRepository() throws IOException {
        Path cached = LOCAL_REPOSITORY.resolve("io/presence/presence-client").resolve(VERSION);
        assertThat(Files.readAllLines(cached.resolve("_remote.repositories")))
                .contains("presence-client-" + VERSION + ".jar>" + REPOSITORY_ID + "=");
    }

    /** The example's three lines, at one revision, and the node holding what it set. */
    private static void assertSetReadAndWatched(Commands.Result run, String userId, String message) {
        run.assertSucceeded();
        Matcher set = Pattern.compile("^set " + userId + ": ONLINE \"" + message + "\" revision (\\d+)$", Pattern.MULTILINE)
                .matcher(run.output());
        assertThat(set.find()).as("the example's output:\n%s", run.output()).isTrue();
        String revision = set.group(1);
        assertThat(run.output().lines().filter(line -> !line.isBlank())).containsSubsequence(
                "set " + userId + ": ONLINE \"" + message + "\" revision " + revision,
                "read " + userId + ": ONLINE \"" + message + "\" revision " + revision,
                "watched " + userId + ": ONLINE \"" + message + "\" revision " + revision);
        try (PresenceClient client = node.client(null)) {
            Presence stored = client.get(userId).orElseThrow();
            assertThat(stored.status()).isEqualTo(PresenceStatus.ONLINE);
            assertThat(stored.message()).isEqualTo(message);
            assertThat(stored.revision()).isEqualTo(Long.parseLong(revision));
        }
    }

    private static Commands.Result maven(Path dir, String log, boolean offline, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-Dmaven.repo.local=" + LOCAL_REPOSITORY));
        if (offline) {
            // Offline but for the file repository, which Maven's resolver counts as remote too.
            command.addAll(List.of("-o", "-Daether.offline.protocols=file"));
        }
        command.addAll(List.of(arguments));
        return Commands.run(dir, dir.resolve(log), Map.of("JAVA_HOME", System.getProperty("java.home")), MAVEN_LIMIT,
                command);
    }

    private static Commands.Result java(Path dir, String userId, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(arguments));
        command.add(userId);
        return Commands.run(dir, dir.resolve("run.log"),
                Map.of("PRESENCE_URL", node.baseUrl(), "PRESENCE_TOKEN", RealNode.token(userId)), RUN_LIMIT, command);
    }

    private static List<String> libraries(Path bootJar) throws IOException {
        try (ZipFile zip = new ZipFile(bootJar.toFile())) {
            return zip.stream().map(ZipEntry::getName).filter(name -> name.startsWith("BOOT-INF/lib/"))
                    .map(name -> name.substring("BOOT-INF/lib/".length())).toList();
        }
    }

    /**
     * The published modules' sources with every module's POM (the parent lists them all), so that the deploy
     * builds apart from the build running this test, whose target/ directories it leaves alone.
     */
    private static Path copyOfTheSdk(Path to) throws IOException {
        copy(CHECKOUT.resolve("pom.xml"), to.resolve("pom.xml"));
        try (Stream<Path> modules = Files.list(CHECKOUT)) {
            for (Path module : modules.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml"))).toList()) {
                copy(module.resolve("pom.xml"), to.resolve(module.getFileName()).resolve("pom.xml"));
            }
        }
        for (String published : List.of("presence-api", "presence-client")) {
            copy(CHECKOUT.resolve(published).resolve("src/main"), to.resolve(published).resolve("src/main"));
        }
        return to;
    }

    private static Path copyOfExample(String name) throws IOException {
        Path to = WORK.resolve(name);
        copy(CHECKOUT.resolve("examples").resolve(name), to);
        delete(to.resolve("target"));
        return to;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void delete(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(each -> {
                try {
                    Files.delete(each);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
