package io.presence.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import io.presence.service.auth.TokenCommand;
import io.presence.service.nats.CopyBucketCommand;
import io.presence.service.testing.FreePorts;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandErrorsTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Optional<Throwable> run(String... args) {
        PresenceApplication application = new PresenceApplication();
        Bootstrap<PresenceConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        bootstrap.addCommand(new PresenceServerCommand(application));
        bootstrap.addCommand(new PresenceCheckCommand(application));
        bootstrap.addCommand(new TokenCommand(new PrintStream(out, true, StandardCharsets.UTF_8)));
        bootstrap.addCommand(new CopyBucketCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new Cli(new JarLocation(PresenceApplication.class), bootstrap, out, err).run(args);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aMissingSecretIsOneLineThatSaysWhatToSet(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("c.yml"), "auth:\n  jwtSecret: short\n");

        assertThat(run("token", "--subject", "alice", config.toString())).isPresent();
        assertThat(stderr()).startsWith("presence: auth.jwtSecret is 5 bytes").doesNotContain("\tat ");

        err.reset();
        Throwable refused = run("server", config.toString()).orElseThrow();
        assertThat(stderr()).startsWith("presence: auth.jwtSecret is 5 bytes").doesNotContain("\tat ");
        assertThat(StartupErrors.exitCode(refused)).as("a restart cannot help: exit 78").isEqualTo(78);
    }

    /** {@code check} fails for what would stop {@code server} before it opens a port, not for the YAML alone. */
    @Test
    void checkRefusesWhatTheServerWouldRefuse(@TempDir Path dir) throws Exception {
        Path noKey = Files.writeString(dir.resolve("none.yml"), "auth:\n  jwtSecret: ''\n");
        assertThat(run("check", noKey.toString()).map(StartupErrors::exitCode)).contains(78);
        assertThat(stderr()).startsWith("presence: no token key: set the JWT_SECRET environment variable")
                .doesNotContain("\tat ").hasLineCount(1);

        err.reset();
        Path shortKey = Files.writeString(dir.resolve("short.yml"), "auth:\n  jwtSecret: short\n");
        assertThat(run("check", shortKey.toString())).isPresent();
        assertThat(stderr()).startsWith("presence: auth.jwtSecret is 5 bytes").doesNotContain("\tat ");

        err.reset();
        Path noBinary = Files.writeString(dir.resolve("binary.yml"), "auth:\n  jwtSecret: " + SECRET + "\n"
                + "nats:\n  serverBinary: " + dir.resolve("missing/nats-server") + "\n");
        assertThat(run("check", noBinary.toString())).isPresent();
        assertThat(stderr()).startsWith("presence: nats-server binary " + dir.resolve("missing/nats-server"))
                .contains("apt-get install -y nats-server").doesNotContain("\tat ");
    }

    /** The nats-server the node would start is built by {@code check} too: its settings fail there as at a start. */
    @Test
    void checkRefusesTheNatsServerTheNodeCouldNotStart(@TempDir Path dir) throws Exception {
        Path leaf = Files.writeString(dir.resolve("leaf.yml"), "auth:\n  jwtSecret: " + SECRET + "\n"
                + "node:\n  type: leaf\n  id: leaf-eu\n");
        assertThat(run("check", leaf.toString())).isPresent();
        assertThat(stderr()).startsWith("presence: a leaf node needs nats.hubUrls").doesNotContain("\tat ");

        err.reset();
        Path centerWithAHub = Files.writeString(dir.resolve("center-hub.yml"), "auth:\n  jwtSecret: " + SECRET + "\n"
                + "nats:\n  hubUrls: [nats-leaf://127.0.0.1:7422]\n");
        assertThat(run("check", centerWithAHub.toString()).map(StartupErrors::exitCode)).contains(78);
        assertThat(stderr()).isEqualTo("presence: nats.hubUrls is a leaf's link to its hub, and this node is a center"
                + " (node.type): remove nats.hubUrls, or set node.type: leaf\n");

        err.reset();
        Path tls = Files.writeString(dir.resolve("tls.yml"), "auth:\n  jwtSecret: " + SECRET + "\n"
                + "nats:\n  tls:\n    certFile: " + dir.resolve("none.crt") + "\n    keyFile: k\n    caFile: c\n");
        assertThat(run("check", tls.toString())).isPresent();
        assertThat(stderr()).isEqualTo("presence: nats.tls.certFile " + dir.resolve("none.crt") + " does not exist\n");
    }

    /**
     * An https connector's key store that does not open is a configuration to fix: Jetty would fail on it with a stack
     * trace once the node had started its nats-server, an exit 1 that systemd restarts forever.
     */
    @Test
    void anHttpsKeyStoreThatDoesNotOpenIsRefusedByCheckAndServer(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("presence.p12");
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        try (OutputStream file = Files.newOutputStream(store)) {
            empty.store(file, "the-right-one".toCharArray());
        }
        String https = "auth:\n  jwtSecret: " + SECRET + "\n" + "nats:\n  embedded: false\n  urls: [nats://127.0.0.1:4222]\n"
                + "server:\n  applicationConnectors:\n    - type: https\n      port: 0\n      keyStoreType: PKCS12\n"
                + "      keyStorePath: %s\n      keyStorePassword: %s\n";
        Path missing = Files.writeString(dir.resolve("missing.yml"), https.formatted(dir.resolve("none.p12"), "x"));
        assertThat(run("check", missing.toString()).map(StartupErrors::exitCode)).contains(78);
        assertThat(stderr()).isEqualTo("presence: server.applicationConnectors[0].keyStorePath " + dir.resolve("none.p12")
                + " does not exist or is not a file\n");

        err.reset();
        Path wrong = Files.writeString(dir.resolve("wrong.yml"), https.formatted(store, "not-the-one"));
        assertThat(run("check", wrong.toString()).map(StartupErrors::exitCode)).contains(78);
        assertThat(stderr()).startsWith("presence: server.applicationConnectors[0].keyStorePath " + store
                + " does not open as a PKCS12 store with its password (").doesNotContain("not-the-one", "\tat ");
        err.reset();
        assertThat(run("server", wrong.toString()).map(StartupErrors::exitCode)).contains(78);
        assertThat(stderr()).startsWith("presence: server.applicationConnectors[0].keyStorePath").hasLineCount(1);

        err.reset();
        Path right = Files.writeString(dir.resolve("right.yml"), https.formatted(store, "the-right-one"));
        assertThat(run("check", right.toString())).isEmpty();
    }

    /** The data dir as start would find it, read only: check may run beside the node that holds it. */
    @Test
    void checkRefusesADataDirTheServerWouldRefuse(@TempDir Path dir) throws Exception {
        Path aFile = Files.writeString(dir.resolve("afile"), "x");
        Path onAFile = Files.writeString(dir.resolve("file.yml"), "auth:\n  jwtSecret: " + SECRET + "\n"
                + "nats:\n  dataDir: " + aFile + "\n");
        assertThat(run("check", onAFile.toString())).isPresent();
        assertThat(stderr()).startsWith("presence: nats.dataDir " + aFile + " is not a writable directory")
                .contains("is a file").doesNotContain("\tat ");

        err.reset();
        Path data = Files.createDirectories(dir.resolve("data"));
        Path token = Files.writeString(data.resolve("client.token"), "abcdefghijklmnopqrstuvwxyz012345");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        Path shared = Files.writeString(dir.resolve("token.yml"), "auth:\n  jwtSecret: " + SECRET + "\n"
                + "nats:\n  dataDir: " + data + "\n");
        assertThat(run("check", shared.toString()).map(StartupErrors::exitCode)).contains(78);
        assertThat(stderr()).startsWith("presence: " + token + " may be read or written by other users")
                .doesNotContain("abcdefghijklmnopqrstuvwxyz012345");

        err.reset();
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        assertThat(run("check", shared.toString())).as("nothing to refuse").isEmpty();
        assertThat(data.resolve("node.lock")).as("check takes no lock and creates nothing").doesNotExist();
    }

    /** A log file that cannot be written would leave a node that logs nothing: refused, naming the appender. */
    @Test
    void checkRefusesALogAppenderThatCannotStart(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("log.yml"), "auth:\n  jwtSecret: " + SECRET + "\n"
                + "nats:\n  embedded: false\n  urls: [nats://127.0.0.1:4222]\n"
                + "logging:\n  appenders:\n    - type: file\n      currentLogFilename: /proc/no-such-dir/presence.log\n"
                + "      archive: false\n");
        assertThat(run("check", config.toString())).isPresent();
        assertThat(stderr()).contains("presence: logging: the appender file-appender did not start (openFile(")
                .contains("/proc/no-such-dir/presence.log").doesNotContain("\tat ");
    }

    @Test
    void checkPassesAConfigTheServerCouldRun(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("c.yml"), "auth:\n  jwtSecret: " + SECRET + "\n"
                + "nats:\n  embedded: false\n  urls: [nats://127.0.0.1:4222]\n");
        assertThat(run("check", config.toString())).isEmpty();
        assertThat(stderr()).isEmpty();
    }

    @Test
    void aBadConfigFileIsItsMessageAlone(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("c.yml"), "cache:\n  max_cost: 1\n");
        assertThat(run("server", config.toString())).isPresent();
        assertThat(stderr()).contains("presence: ", "max_cost").doesNotContain("\tat ");
    }

    @Test
    void theTokenCommandPrintsATokenOnStdout(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("c.yml"),
                "auth:\n  jwtSecret: 0123456789abcdef0123456789abcdef\n");
        assertThat(run("token", "--subject", "alice", "--scope", "presence:admin", "--ttl", "5m",
                config.toString())).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8).trim()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
    }

    @Test
    void aTtlThatIsNotAPositiveDurationIsOneLine(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("c.yml"),
                "auth:\n  jwtSecret: 0123456789abcdef0123456789abcdef\n");

        assertThat(run("token", "--subject", "alice", "--ttl", "5x", config.toString())).isPresent();
        assertThat(stderr()).isEqualTo("presence: --ttl '5x' is not a duration: use e.g. 15m, 1h or 7d\n");

        err.reset();
        assertThat(run("token", "--subject", "alice", "--ttl", "0s", config.toString())).isPresent();
        assertThat(stderr()).startsWith("presence: --ttl must be positive (was '0s')").doesNotContain("\tat ");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    /** A token that would grant nothing is refused, not printed for an operator to hand out. */
    @Test
    void aTokenThatCouldWriteNothingIsRefused(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("c.yml"),
                "auth:\n  jwtSecret: 0123456789abcdef0123456789abcdef\n");

        assertThat(run("token", "--subject", "bad id", config.toString())).isPresent();
        assertThat(stderr()).isEqualTo("presence: --subject 'bad id' is not a user id (must be 1-128 characters of "
                + "letters, digits and . _ @ : - (and not 'batch', 'stream', 'export', 'import', '.' or '..', which are "
                + "reserved)): a token for it could write "
                + "no one's presence; give the user's id, or --scope presence:admin (or presence:read) for a service's token\n");

        err.reset();
        assertThat(run("token", "--subject", "alice", "--scope", "presence:root", config.toString())).isPresent();
        assertThat(stderr()).isEqualTo("presence: --scope 'presence:root' grants nothing here: the scopes are "
                + "presence:admin (write anyone's presence, no rate limits) and presence:read (reads not limited, "
                + "for a backend reading for its users)\n");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();

        assertThat(run("token", "--subject", "ops team", "--scope", "presence:admin", config.toString())).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8).trim()).as("an operator's token names whoever holds it")
                .matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
    }

    @Test
    void anUnsetVariableInTheConfigIsOneLineNamingIt(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("c.yml"), "auth:\n  jwtSecret: ${PRESENCE_TEST_UNSET_SECRET}\n");

        Throwable refused = run("server", config.toString()).orElseThrow();
        assertThat(stderr()).startsWith("presence: " + config + " line 2 uses ${PRESENCE_TEST_UNSET_SECRET}, but the"
                + " environment variable PRESENCE_TEST_UNSET_SECRET is not set").doesNotContain("\tat ");
        assertThat(StartupErrors.exitCode(refused)).isEqualTo(78);
    }

    /** The URLs may carry credentials: a failure echoes them without. */
    @Test
    void aCopyThatCannotConnectIsOneLineWithoutThePassword() {
        int port = FreePorts.next();
        assertThat(run("copy-bucket", "--from", "nats://ops:s3cret@127.0.0.1:" + port,
                "--to", "nats://127.0.0.1:" + port)).isPresent();
        assertThat(stderr()).startsWith("copy-bucket: cannot connect to --from nats://ops:*****@127.0.0.1:" + port + ": ")
                .doesNotContain("s3cret").doesNotContain("\tat ").hasLineCount(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
