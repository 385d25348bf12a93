package io.presence.deb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built presence.deb as dpkg sees it (dpkg-deb), and its unit as systemd sees it (systemd-analyze
 * verify), without installing it.
 */
class DebPackageIT {

    private static final Path DEB = Path.of(System.getProperty("deb.file"));
    private static final Path CONFIG = Path.of(System.getProperty("config.dir"));
    private static final String VERSION = System.getProperty("project.version");

    @TempDir
    static Path root;

    /** The package's files, unpacked as dpkg would install them, under {@link #root}. */
    @BeforeAll
    static void unpack() throws Exception {
        run("dpkg-deb", "--extract", DEB.toString(), root.toString()).assertSucceeded();
    }

    @Test
    void controlFieldsNameTheRuntimeAndNatsServer() throws Exception {
        Map<String, String> fields = fields(run("dpkg-deb", "--field", DEB.toString()).assertSucceeded().stdout());

        assertThat(fields).containsEntry("Package", "presence")
                .containsEntry("Architecture", "all")
                .containsEntry("Depends", "openjdk-17-jre-headless | java17-runtime-headless,"
                        + " nats-server (>= 2.9.10), adduser");
        // 0.1.0-SNAPSHOT as a Debian version that sorts below the 0.1.0 release: 0.1.0~<timestamp>. A release
        // build (-Prelease, docs/publishing.md) is the version itself.
        String expected = VERSION.endsWith("-SNAPSHOT")
                ? Pattern.quote(VERSION.replace("-SNAPSHOT", "~")) + "\\d{14}" : Pattern.quote(VERSION);
        assertThat(fields.get("Version")).matches(expected);
    }

    @Test
    void installsTheJarTheConfigurationAndTheUnitOwnedByRoot() throws Exception {
        Map<String, String> modes = contents();

        assertThat(modes).containsEntry("./usr/share/presence/presence-service.jar", "-rw-r--r-- root/root")
                .containsEntry("./usr/share/presence/presence-launch", "-rwxr-xr-x root/root")
                .containsEntry("./usr/share/presence/presence.env", "-rw-r--r-- root/root")
                .containsEntry("./usr/share/presence/leaf.yml", "-rw-r--r-- root/root")
                .containsEntry("./etc/presence/presence.yml", "-rw-r--r-- root/root")
                .containsEntry("./etc/presence/jvm.options", "-rw-r--r-- root/root")
                .containsEntry("./lib/systemd/system/presence.service", "-rw-r--r-- root/root")
                .containsEntry("./usr/share/doc/presence/copyright", "-rw-r--r-- root/root");
        // The secrets' file is made by postinst (mode 0640, group presence), never shipped.
        assertThat(modes).doesNotContainKey("./etc/presence/presence.env");
        assertThat(Files.size(root.resolve("usr/share/presence/presence-service.jar"))).isGreaterThan(1_000_000);
    }

    @Test
    void namesTheLicenceOfTheRepositoryInDebiansMachineReadableForm() throws Exception {
        String copyright = Files.readString(root.resolve("usr/share/doc/presence/copyright"));

        assertThat(copyright).startsWith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/")
                .contains("License: Apache-2.0", "/usr/share/common-licenses/Apache-2.0");
        assertThat(Files.readString(CONFIG.getParent().resolve("LICENSE"))).contains("Apache License", "Version 2.0, January 2004");
    }

    @Test
    void shipsTheExampleConfigurationsAsTheyAreInTheRepository() throws Exception {
        assertSameContent("etc/presence/presence.yml", "center.yml");
        assertSameContent("etc/presence/jvm.options", "jvm.options");
        assertSameContent("usr/share/presence/leaf.yml", "leaf.yml");
    }

    @Test
    void keepsTheOperatorsConfigurationOnUpgrade() throws Exception {
        String conffiles = run("dpkg-deb", "--info", DEB.toString(), "conffiles").assertSucceeded().stdout();

        assertThat(conffiles.lines()).containsExactly("/etc/presence/presence.yml", "/etc/presence/jvm.options");
    }

    @Test
    void maintainerScriptsAreExecutableShellScripts(@TempDir Path scripts) throws Exception {
        String control = run("sh", "-c", "dpkg-deb --ctrl-tarfile \"$1\" | tar -tvf -", "sh", DEB.toString())
                .assertSucceeded().stdout();

        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertThat(control).containsPattern("-rwxr-xr-x \\S+ .* \\./" + script + "\n");
        }
        run("dpkg-deb", "--control", DEB.toString(), scripts.toString()).assertSucceeded();
        for (String script : List.of("postinst", "prerm", "postrm")) {
            run("sh", "-n", scripts.resolve(script).toString()).assertSucceeded();
            // Starting and stopping goes through deb-systemd-invoke, which obeys policy-rc.d (Debian policy 9.3.3).
            assertThat(Files.readString(scripts.resolve(script)))
                    .doesNotContainPattern("systemctl\\s+(start|stop|restart|try-restart|reload)");
        }
    }

    @Test
    void unitPassesSystemdAnalyzeVerify() throws Exception {
        // The unit's dependencies are systemd's own targets: copy them into the scratch root, so that
        // systemd-analyze checks the unit there as it would find it installed (ExecStart included).
        Path units = Files.createDirectories(root.resolve("usr/lib/systemd/system"));
        try (Stream<Path> targets = Files.list(Path.of("/usr/lib/systemd/system"))) {
            for (Path target : targets.filter(p -> p.toString().endsWith(".target")).toList()) {
                Files.copy(target, units.resolve(target.getFileName()));
            }
        }

        Result verify = run("systemd-analyze", "verify", "--man=no", "--root=" + root, "presence.service");

        verify.assertSucceeded();
        // Warnings (an unknown key, a missing executable) go to stderr without failing the command.
        assertThat(verify.stdout() + verify.stderr()).isEmpty();
    }

    @Test
    void unitIsHardenedAndReadsTheOperatorsEnvironment() throws Exception {
        String unit = Files.readString(root.resolve("lib/systemd/system/presence.service"));

        assertThat(unit.lines()).contains("User=presence", "EnvironmentFile=/etc/presence/presence.env",
                "ExecStart=/usr/share/presence/presence-launch", "StateDirectory=presence",
                "LimitNOFILE=65536", "Restart=on-failure", "NoNewPrivileges=yes", "ProtectSystem=strict",
                "ProtectHome=yes", "PrivateTmp=yes", "CapabilityBoundingSet=");
    }

    @Test
    void thePackagedJarSaysWhichVersionItIs() throws Exception {
        Path jar = root.resolve("usr/share/presence/presence-service.jar");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");

        Result result = run(java.toString(), "-jar", jar.toString(), "--version").assertSucceeded();

        assertThat(result.stdout().trim()).isEqualTo(VERSION);
    }

    @Test
    void launcherRefusesToStartWithoutTheJwtSecret() throws Exception {
        Path script = root.resolve("usr/share/presence/presence-launch");
        ProcessBuilder launcher = new ProcessBuilder("sh", script.toString());
        launcher.environment().remove("JWT_SECRET");

        Result result = run(launcher);

        assertThat(result.exit()).isEqualTo(78);
        assertThat(result.stderr()).contains("JWT_SECRET is not set", "/etc/presence/presence.env");
    }

    private static void assertSameContent(String installed, String inRepository) throws IOException {
        assertThat(root.resolve(installed)).hasSameTextualContentAs(CONFIG.resolve(inRepository));
    }

    /** The data archive's entries: path -> "mode owner/group", from {@code dpkg-deb --contents}. */
    private static Map<String, String> contents() throws Exception {
        Map<String, String> entries = new TreeMap<>();
        for (String line : run("dpkg-deb", "--contents", DEB.toString()).assertSucceeded().stdout().lines().toList()) {
            String[] columns = line.split("\\s+");
            entries.put(columns[columns.length - 1], columns[0] + " " + columns[1]);
        }
        return entries;
    }

    /** "Name: value" lines (no continuation lines are read: only one-line fields are asserted). */
    private static Map<String, String> fields(String control) {
        Map<String, String> fields = new TreeMap<>();
        control.lines().filter(line -> !line.startsWith(" ")).forEach(line -> {
            int colon = line.indexOf(':');
            fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
        });
        return fields;
    }

    private static Result run(String... command) throws Exception {
        return run(new ProcessBuilder(command));
    }

    private static Result run(ProcessBuilder builder) throws Exception {
        Path out = Files.createTempFile("deb-it", ".out");
        Path err = Files.createTempFile("deb-it", ".err");
        try {
            int exit = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start().waitFor();
            return new Result(List.copyOf(builder.command()), exit,
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    private record Result(List<String> command, int exit, String stdout, String stderr) {
        Result assertSucceeded() {
            assertThat(exit).as("%s failed: %s", command, stderr).isZero();
            return this;
        }
    }
}
