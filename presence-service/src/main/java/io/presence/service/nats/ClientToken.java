package io.presence.service.nats;

import io.presence.service.config.ConfigurationRefusedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The token the embedded nats-server asks of its clients: without one, any local process could write the bucket
 * through the loopback client port. Kept in {@code <dataDir>/client.token}, readable by the node's user alone, so
 * whoever may read the node's data (an operator's {@code nats} CLI, {@code copy-bucket}) may connect, and nobody
 * else. Created on a node's first start, and the same on every start after: the file is the one place it is kept.
 */
public final class ClientToken {

    public static final String FILE_NAME = "client.token";
    /** What a token may be: URL-safe, so it also fits a {@code nats://<token>@host:port} URL. */
    static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientToken() {
    }

    /** The data dir's token, created (32 random bytes, base64url) when it has none yet. */
    public static String readOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!FORM.matcher(token).matches()) {
                throw new ConfigurationRefusedException(file + " holds no client token (16-128 characters of A-Z, a-z, 0-9,"
                        + " _ and -): delete it, and the node writes a new one at its next start");
            }
            return token;
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.createDirectories(dataDir);
        Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: its default permissions are what there is.
            Files.createFile(tmp);
        }
        Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return token;
    }
}
