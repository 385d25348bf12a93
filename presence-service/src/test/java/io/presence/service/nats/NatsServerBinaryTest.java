package io.presence.service.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NatsServerBinaryTest {

    @TempDir
    Path tmp;

    private Path executable(String name) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void findsNameOnPath() throws Exception {
        Path binary = executable("nats-server");

        assertThat(NatsServerBinary.resolve("nats-server", "/nonexistent::" + tmp)).isEqualTo(binary);
    }

    @Test
    void missingOnPathGivesOneLineFix() {
        assertThatThrownBy(() -> NatsServerBinary.resolve("nats-server", tmp.toString()))
                .isInstanceOf(NatsServerBinaryNotFoundException.class)
                .hasMessage("nats-server not found on PATH; install it (apt-get install -y nats-server) "
                        + "or set nats.serverBinary to its path");
    }

    @Test
    void nullPathMeansNotFound() {
        assertThatThrownBy(() -> NatsServerBinary.resolve("nats-server", null))
                .hasMessageStartingWith("nats-server not found on PATH;");
    }

    @Test
    void explicitPathWorks() throws Exception {
        Path binary = executable("my-nats");

        assertThat(NatsServerBinary.resolve(binary.toString(), "")).isEqualTo(binary);
    }

    @Test
    void explicitPathThatIsNotExecutableIsRefusedInOneLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain"), "x");

        assertThatThrownBy(() -> NatsServerBinary.resolve(file.toString(), ""))
                .isInstanceOf(NatsServerBinaryNotFoundException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("set nats.serverBinary to its path")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void blankNameIsRefused() {
        assertThatThrownBy(() -> NatsServerBinary.resolve(" ", "/usr/bin"))
                .hasMessageContaining("nats.serverBinary is empty");
    }

    @Test
    void installedServerIsFoundOnTheRealPath() {
        assertThat(NatsServerBinary.resolve("nats-server")).isExecutable();
    }
}
