package io.presence.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.presence.service.nats.NatsServerStartException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartupErrorsTest {

    private final StringWriter err = new StringWriter();

    private String print(Throwable error) {
        StartupErrors.print(new PrintWriter(err), error);
        return err.toString();
    }

    @Test
    void aNatsPortInUseSaysWhichSettingsMoveItBeforeTheDetails() {
        NatsServerStartException e = new NatsServerStartException("nats-server failed to start node=center-1: exited",
                List.of("[INF] Starting nats-server", "[FTL] Error listening on port: 0.0.0.0:4222, "
                        + "\"listen tcp 0.0.0.0:4222: bind: address already in use\""), null);

        assertThat(print(e).lines().toList()).containsExactly(
                "presence: the embedded nats-server cannot listen on 0.0.0.0:4222: the address is in use; stop what"
                        + " listens there, or change the port (nats.clientPort / nats.monitorPort / nats.leafnodePort /"
                        + " nats.cluster.port; NATS_CLIENT_PORT / NATS_MONITOR_PORT / NATS_LEAFNODE_PORT in the example"
                        + " configs)",
                "nats-server failed to start node=center-1: exited");
    }

    @Test
    void anotherNatsFailureIsItsMessage() {
        NatsServerStartException e = new NatsServerStartException("nats-server failed to start node=center-1: bad",
                List.of("[FTL] bad config"), null);

        assertThat(print(e)).isEqualTo("presence: nats-server failed to start node=center-1: bad" + System.lineSeparator());
    }

    @Test
    void aConfigurationFileThatCannotBeReadIsItsMessage() {
        assertThat(print(new java.io.FileNotFoundException("/etc/presence/presence.yml (Permission denied)")))
                .isEqualTo("presence: /etc/presence/presence.yml (Permission denied)" + System.lineSeparator());
    }

    @Test
    void anInvalidOrUnreadableConfigurationExits78AndAnythingElse1() {
        assertThat(StartupErrors.exitCode(new java.io.FileNotFoundException("x.yml"))).isEqualTo(78);
        assertThat(StartupErrors.exitCode(new io.dropwizard.configuration.ConfigurationValidationException("x.yml",
                java.util.Set.of()))).isEqualTo(78);
        assertThat(StartupErrors.exitCode(new io.presence.service.config.ConfigurationRefusedException(
                "auth.jwtSecret is 5 bytes"))).isEqualTo(78);
        assertThat(StartupErrors.exitCode(new IllegalStateException("nats-server missing"))).isEqualTo(1);
    }

    @Test
    void aBugKeepsItsStackTrace() {
        assertThat(print(new NullPointerException("boom"))).startsWith("java.lang.NullPointerException: boom")
                .contains("\tat ");
    }
}
