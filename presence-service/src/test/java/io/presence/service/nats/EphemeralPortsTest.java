package io.presence.service.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EphemeralPortsTest {

    @Test
    void aCenterKeepsItsLeafnodeCredentialsWhenItsPortsAreChosen() {
        NatsServerSettings asked = new NatsServerSettings("c1", "127.0.0.1", 0, 0, Path.of("d"), "hub",
                new NatsServerSettings.Listen("127.0.0.1", 0, "leaf-user", "leaf-password"));

        NatsServerSettings chosen = EphemeralPorts.choose(asked);

        NatsServerSettings.Listen listen = (NatsServerSettings.Listen) chosen.leafnodes();
        assertThat(listen.port()).isPositive();
        assertThat(listen.user()).isEqualTo("leaf-user");
        assertThat(listen.password()).isEqualTo("leaf-password");
        assertThat(EphemeralPorts.chosen(asked, chosen))
                .containsExactlyInAnyOrder(chosen.clientPort(), chosen.monitorPort(), listen.port());
    }

    @Test
    void aLeafMayHaveItsPortsChosenToo() {
        NatsServerSettings asked = new NatsServerSettings("leaf-1", "127.0.0.1", 0, 0, Path.of("d"), "leaf-1",
                new NatsServerSettings.Remotes(List.of("nats-leaf://hub:7422")));

        NatsServerSettings chosen = EphemeralPorts.choose(asked);

        assertThat(chosen.clientPort()).isPositive();
        assertThat(chosen.monitorPort()).isPositive();
        assertThat(chosen.leafnodes()).isEqualTo(asked.leafnodes());
        assertThat(EphemeralPorts.chosen(asked, chosen)).containsExactlyInAnyOrder(chosen.clientPort(),
                chosen.monitorPort());
    }

    @Test
    void fixedPortsAreLeftAsTheyAre() {
        NatsServerSettings fixed = new NatsServerSettings("c1", "127.0.0.1", 4222, 8222, Path.of("d"), "hub",
                new NatsServerSettings.Listen("127.0.0.1", 7422));

        assertThat(EphemeralPorts.choose(fixed)).isSameAs(fixed);
        assertThat(EphemeralPorts.chosen(fixed, fixed)).isEmpty();
    }
}
