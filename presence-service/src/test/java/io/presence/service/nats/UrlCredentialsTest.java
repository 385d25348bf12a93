package io.presence.service.nats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlCredentialsTest {

    @Test
    void masksAPasswordAndKeepsItsUser() {
        assertThat(UrlCredentials.masked("error parsing leafnode url [\"nats-leaf://u:SeCrEt@127.0.0.1:abc\"]"))
                .isEqualTo("error parsing leafnode url [\"nats-leaf://u:*****@127.0.0.1:abc\"]");
        assertThat(UrlCredentials.masked("routes: [nats-route://r:p1@c1:6222, nats-route://r:p2@c2:6222]"))
                .isEqualTo("routes: [nats-route://r:*****@c1:6222, nats-route://r:*****@c2:6222]");
    }

    @Test
    void masksAUserInfoWithoutAPasswordWhole() {
        assertThat(UrlCredentials.masked("cannot connect to nats://s3cr3t-token@127.0.0.1:4222"))
                .isEqualTo("cannot connect to nats://*****@127.0.0.1:4222");
    }

    @Test
    void leavesTextWithoutCredentialsAsItIs() {
        assertThat(UrlCredentials.masked("mail ops@example.com about nats://127.0.0.1:4222"))
                .isEqualTo("mail ops@example.com about nats://127.0.0.1:4222");
        assertThat(UrlCredentials.masked(null)).isNull();
    }
}
