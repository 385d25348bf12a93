package io.presence.service.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.presence.service.config.ConfigurationRefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientTokenTest {

    @Test
    void aDataDirGetsOneTokenOnlyItsOwnerMayRead(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("nats-data");
        String token = ClientToken.readOrCreate(dataDir);

        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(Files.getPosixFilePermissions(dataDir.resolve(ClientToken.FILE_NAME)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(ClientToken.readOrCreate(dataDir)).as("the same on every start").isEqualTo(token);
        assertThat(ClientToken.readOrCreate(dir.resolve("other"))).isNotEqualTo(token);
    }

    @Test
    void aTokenOthersMayReadIsRefusedSayingWhatToDo(@TempDir Path dir) throws Exception {
        ClientToken.readOrCreate(dir);
        Files.setPosixFilePermissions(dir.resolve(ClientToken.FILE_NAME), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> ClientToken.readOrCreate(dir)).isInstanceOf(ConfigurationRefusedException.class)
                .hasMessageContaining("rw-r--r--").hasMessageContaining("delete it");
    }

    @Test
    void aFileThatHoldsNoTokenIsRefusedSayingWhatToDo(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(ClientToken.FILE_NAME), "not a token\n");
        Files.setPosixFilePermissions(dir.resolve(ClientToken.FILE_NAME), PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> ClientToken.readOrCreate(dir)).isInstanceOf(ConfigurationRefusedException.class)
                .hasMessageContaining("holds no client token").hasMessageContaining("delete it");
    }
}
