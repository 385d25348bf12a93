package io.presence.service.nats;

import io.presence.service.config.ConfigurationRefusedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The token the embedded nats-server asks of its clients: without one, any local process could write the bucket
 * through the loopback client port. Kept in {@code <dataDir>/client.token}, readable by the node's user alone, so
 * whoever may read the node's data (an operator's {@code nats} CLI, {@code copy-bucket}) may connect, and nobody
 * else. Created on a node's first start, and the same on every start after: the file is the one place it is kept.
 */
public final class ClientToken {

    public static final String FILE_NAME = "client.token";
    /**
     * The user the token is the password of. A bare token would do as well, but nats-server's monitoring port
     * (which asks for nothing) shows a token client's token as its user in {@code /connz?auth=true}; it shows
     * a user's name only.
     */
    public static final String USER = "presence";
    /** What a token may be: URL-safe, so it also fits a {@code nats://presence:<token>@host:port} URL. */
    static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientToken() {
    }

    /** The data dir's token, created (32 random bytes, base64url) when it has none yet. */
    public static String readOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        return Files.exists(file) ? existing(file) : create(dataDir, file);
    }

    /** Refuses the data dir's token file, if it has one, as {@link #readOrCreate} would; creates none. */
    static void checkExisting(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            existing(file);
        }
    }

    private static String existing(Path file) throws IOException {
        refuseIfOthersMayRead(file);
        String token = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (!FORM.matcher(token).matches()) {
            throw new ConfigurationRefusedException(file + " holds no client token (16-128 characters of A-Z, a-z, 0-9,"
                    + " _ and -): delete it, and the node writes a new one at its next start");
        }
        return token;
    }

    /** A token others could read may be known to them already: a new one is the fix, not tighter permissions. */
    private static void refuseIfOthersMayRead(Path file) throws IOException {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return;
        }
        if (!Collections.disjoint(permissions, EnumSet.of(PosixFilePermission.GROUP_READ,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE))) {
            throw new ConfigurationRefusedException(file + " may be read or written by other users ("
                    + PosixFilePermissions.toString(permissions) + "): delete it, and the node writes a new token,"
                    + " readable by its user alone, at its next start");
        }
    }

    private static String create(Path dataDir, Path file) throws IOException {
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
