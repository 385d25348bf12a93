package io.presence.service.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.presence.service.PresenceApplication;
import io.presence.service.PresenceConfiguration;
import io.presence.service.testing.FreePorts;
import io.presence.service.testing.NodesExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code copy-bucket} between two real standalone nats-servers, as from an old center into a new cluster. */
class CopyBucketCommandIT {

    private static final int RECORDS = 2_500;

    @RegisterExtension
    final NodesExtension nodes = new NodesExtension();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private NatsServerProcess server(String name) throws Exception {
        return nodes.natsServer(new NatsServerSettings(name, "127.0.0.1", FreePorts.next(), FreePorts.next(),
                nodes.dir(name), "hub", new NatsServerSettings.Listen("127.0.0.1", FreePorts.next())));
    }

    private KeyValue bucket(NatsServerProcess server) throws Exception {
        Connection connection = nodes.closeAfter(Nats.connect(server.clientUrl()));
        connection.keyValueManagement().create(KeyValueConfiguration.builder().name("presence")
                .storageType(StorageType.File).maxHistoryPerKey(1).build());
        return connection.keyValue("presence");
    }

    private Optional<Throwable> copy(String... args) {
        out.reset();
        err.reset();
        PresenceApplication application = new PresenceApplication();
        Bootstrap<PresenceConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        bootstrap.addCommand(new CopyBucketCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new Cli(new JarLocation(PresenceApplication.class), bootstrap, out, err).run(args);
    }

    private static String key(int i) {
        return switch (i % 3) {
            case 0 -> "user" + i + "=40example.com";
            case 1 -> "user" + i + ".device";
            default -> "user" + i;
        };
    }

    private static byte[] value(int i) {
        return ("{\"status\":\"online\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void copiesEveryLiveRecordOnceAndKeepsWhatTheTargetAlreadyHas() throws Exception {
        NatsServerProcess source = server("old-center");
        NatsServerProcess target = server("new-center");
        KeyValue from = bucket(source);
        KeyValue to = bucket(target);
        for (int i = 0; i < RECORDS; i++) {
            from.put(key(i), value(i));
        }
        from.delete(key(7));
        byte[] newer = "{\"status\":\"away\"}".getBytes(StandardCharsets.UTF_8);
        to.put(key(42), newer);

        assertThat(copy("copy-bucket", "--from", source.clientUrl(), "--to", target.clientUrl()))
                .as(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("copied 2498 records, skipped 1 already present in the target\n");
        for (int i = 0; i < RECORDS; i++) {
            if (i == 7) {
                assertThat(to.get(key(i))).as("a record deleted in the source").isNull();
            } else {
                assertThat(to.get(key(i)).getValue()).as(key(i)).isEqualTo(i == 42 ? newer : value(i));
            }
        }

        assertThat(copy("copy-bucket", "--from", source.clientUrl(), "--to", target.clientUrl(), "--bucket",
                "presence", "--timeout", "10s")).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("copied 0 records, skipped 2499 already present in the target\n");
        assertThat(to.keys()).hasSize(RECORDS - 1);
    }

    @Test
    void aTargetWithoutTheBucketIsOneLineSayingToStartTheNewCentersFirst() throws Exception {
        NatsServerProcess source = server("old-center");
        NatsServerProcess target = server("new-center");
        bucket(source).put("alice", value(1));

        assertThat(copy("copy-bucket", "--from", source.clientUrl(), "--to", target.clientUrl())).isPresent();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("copy-bucket: there is no bucket 'presence' at"
                + " --to " + target.clientUrl() + ": start the new centers first, they create it\n");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
