package io.presence.service.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NatsServerSettingsTest {

    private static final NatsServerSettings.Listen LEAF = new NatsServerSettings.Listen("127.0.0.1", 7422);

    @Test
    void makesDataDirAbsoluteAndDerivesFiles() {
        NatsServerSettings s = new NatsServerSettings("c1", "127.0.0.1", 1, 2, Path.of("rel/../data"), "hub", LEAF);

        assertThat(s.dataDir()).isAbsolute().hasFileName("data");
        assertThat(s.dataDir().toString()).doesNotContain("..");
        assertThat(s.configFile()).isEqualTo(s.dataDir().resolve("nats-server.conf"));
        assertThat(s.pidFile()).isEqualTo(s.dataDir().resolve("nats-server.pid"));
        assertThat(s.storeDir()).isEqualTo(s.dataDir().resolve("jetstream"));
        assertThat(s.hasEphemeralPorts()).isFalse();
    }

    @Test
    void portZeroIsEphemeral() {
        assertThat(new NatsServerSettings("c1", "h", 0, 2, Path.of("d"), "hub", LEAF).hasEphemeralPorts()).isTrue();
        assertThat(new NatsServerSettings("c1", "h", 1, 0, Path.of("d"), "hub", LEAF).hasEphemeralPorts()).isTrue();
        assertThat(new NatsServerSettings("c1", "h", 1, 2, Path.of("d"), "hub",
                new NatsServerSettings.Listen("h", 0)).hasEphemeralPorts()).isTrue();
    }

    @Test
    void rejectsInvalidValues() {
        assertThatThrownBy(() -> new NatsServerSettings("center 1", "h", 1, 2, Path.of("d"), "hub", LEAF))
                .hasMessageContaining("server name");
        assertThatThrownBy(() -> new NatsServerSettings("c1", "h", 1, 2, Path.of("d"), "h.u.b", LEAF))
                .hasMessageContaining("JetStream domain");
        assertThatThrownBy(() -> new NatsServerSettings("c1", " ", 1, 2, Path.of("d"), "hub", LEAF))
                .hasMessageContaining("host");
        assertThatThrownBy(() -> new NatsServerSettings("c1", "h", 65536, 2, Path.of("d"), "hub", LEAF))
                .hasMessageContaining("clientPort");
        assertThatThrownBy(() -> new NatsServerSettings("c1", "h", 1, -1, Path.of("d"), "hub", LEAF))
                .hasMessageContaining("monitorPort");
        assertThatThrownBy(() -> new NatsServerSettings.Listen("h", 70000))
                .hasMessageContaining("leafnodePort");
    }
}
