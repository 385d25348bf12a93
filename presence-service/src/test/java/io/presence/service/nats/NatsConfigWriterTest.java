package io.presence.service.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NatsConfigWriterTest {

    private final NatsConfigWriter writer = new NatsConfigWriter();

    private static NatsServerSettings center(Path dataDir) {
        return new NatsServerSettings("center-1", "127.0.0.1", 4222, 8222, dataDir, "hub",
                new NatsServerSettings.Listen("127.0.0.1", 7422));
    }

    @Test
    void rendersCenterConfigWithJetStreamDomainAndLeafnodeListener() {
        String text = writer.render(center(Path.of("/var/lib/presence/nats")));

        assertThat(text).contains(
                "server_name: \"center-1\"\n",
                "listen: \"127.0.0.1:4222\"\n",
                "http: \"127.0.0.1:8222\"\n",
                "jetstream {\n  store_dir: \"/var/lib/presence/nats/jetstream\"\n  domain: \"hub\"\n}\n",
                "leafnodes {\n  listen: \"127.0.0.1:7422\"\n}\n");
    }

    @Test
    void escapesQuotesAndBackslashesInPaths() {
        String text = writer.render(center(Path.of("/tmp/we ird\"$HOME\\x")));

        assertThat(text).contains("store_dir: \"/tmp/we ird\\\"$HOME\\\\x/jetstream\"");
    }

    @Test
    void refusesControlCharactersInValues() {
        assertThatThrownBy(() -> NatsConfigWriter.quote("a\nb"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control character")
                .hasMessageContaining("a?b");
    }

    @Test
    void bracketsIpv6Hosts() {
        assertThat(NatsConfigWriter.hostPort("::1", 4222)).isEqualTo("[::1]:4222");
        assertThat(NatsConfigWriter.hostPort("[::1]", 4222)).isEqualTo("[::1]:4222");
        assertThat(NatsConfigWriter.hostPort("localhost", 1)).isEqualTo("localhost:1");
    }

    @Test
    void writesConfigIntoDataDirAndReturnsText(@TempDir Path tmp) throws Exception {
        NatsServerSettings settings = center(tmp.resolve("nats"));

        String text = writer.write(settings);

        assertThat(settings.configFile()).hasFileName("nats-server.conf").exists();
        assertThat(Files.readString(settings.configFile())).isEqualTo(text).contains("center-1");
        assertThat(settings.dataDir().resolve("nats-server.conf.tmp")).doesNotExist();
    }
}
