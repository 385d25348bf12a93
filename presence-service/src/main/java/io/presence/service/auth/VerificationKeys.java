package io.presence.service.auth;

import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * The keys a node verifies tokens with: an HS256 secret, a PEM public key (RSA or EC), and keys of a
 * local JWKS file chosen by {@code kid}. The key is picked from the token header's {@code alg} and the
 * algorithm decides the key type, so an HS256 token is never checked against a public key (algorithm
 * confusion) and an RS256 token never against the secret. Any other {@code alg} is refused.
 */
public final class VerificationKeys extends LocatorAdapter<Key> {

    private final SecretKey hmac;
    private final PublicKey publicKey;
    private final Map<String, PublicKey> keysById;
    private final List<SecretKey> previousHmac;

    public VerificationKeys(SecretKey hmac, PublicKey publicKey, Map<String, PublicKey> keysById) {
        this(hmac, List.of(), publicKey, keysById);
    }

    /** @param previousHmac secrets being rotated out: HS256 tokens they signed still verify */
    public VerificationKeys(SecretKey hmac, List<SecretKey> previousHmac, PublicKey publicKey,
                            Map<String, PublicKey> keysById) {
        this.hmac = hmac;
        this.previousHmac = List.copyOf(previousHmac);
        this.publicKey = publicKey;
        this.keysById = Map.copyOf(keysById);
        if (hmac == null && publicKey == null && keysById.isEmpty()) {
            throw new IllegalArgumentException("no verification key");
        }
        if (hmac == null && !previousHmac.isEmpty()) {
            throw new IllegalArgumentException("previous HS256 secrets need a current one");
        }
    }

    /** Secrets being rotated out, newest first. */
    public List<SecretKey> previousHmacKeys() {
        return previousHmac;
    }

    /** Only an HS256 secret. */
    public static VerificationKeys hmac(SecretKey key) {
        return new VerificationKeys(key, null, Map.of());
    }

    public Optional<SecretKey> hmacKey() {
        return Optional.ofNullable(hmac);
    }

    @Override
    protected Key locate(JwsHeader header) {
        String alg = header.getAlgorithm();
        if ("HS256".equals(alg)) {
            if (hmac == null) {
                throw new AlgorithmNotAccepted("HS256 is not accepted: no auth.jwtSecret");
            }
            return hmac;
        }
        Class<? extends PublicKey> type = switch (alg == null ? "" : alg) {
            case "RS256" -> RSAPublicKey.class;
            case "ES256" -> ECPublicKey.class;
            default -> throw new AlgorithmNotAccepted("algorithm not accepted");
        };
        String kid = header.getKeyId();
        PublicKey key = kid != null && keysById.containsKey(kid) ? keysById.get(kid) : publicKey;
        if (!type.isInstance(key)) {
            throw new AlgorithmNotAccepted("no " + alg + " key" + (kid == null ? "" : " for this kid"));
        }
        return key;
    }

    /** A token signed with an algorithm, or for a key, this node has no key for. */
    static final class AlgorithmNotAccepted extends UnsupportedJwtException {
        private static final long serialVersionUID = 1L;

        AlgorithmNotAccepted(String message) {
            super(message);
        }
    }

    /** A PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), RSA or EC. */
    public static PublicKey readPemPublicKey(Path file) throws IOException {
        String pem = Files.readString(notADirectory(file), StandardCharsets.US_ASCII);
        int begin = pem.indexOf("-----BEGIN PUBLIC KEY-----");
        int end = pem.indexOf("-----END PUBLIC KEY-----");
        if (begin < 0 || end < begin) {
            throw new IOException(file + " holds no -----BEGIN PUBLIC KEY----- block");
        }
        String base64 = pem.substring(begin + "-----BEGIN PUBLIC KEY-----".length(), end).replaceAll("\\s", "");
        X509EncodedKeySpec spec;
        try {
            spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not valid base64 PEM", e);
        }
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(spec);
            } catch (GeneralSecurityException e) {
                // try the next key type
            }
        }
        throw new IOException(file + " holds neither an RSA nor an EC public key");
    }

    /** {@code file}, unless it is a directory: reading one fails with "Is a directory", which names no path. */
    private static Path notADirectory(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a directory, not a key file");
        }
        return file;
    }

    /** The public keys of a JWKS file by {@code kid}; keys without a {@code kid} are not addressable. */
    public static Map<String, PublicKey> readJwks(Path file) throws IOException {
        JwkSet set;
        try {
            set = Jwks.setParser().build().parse(Files.readString(notADirectory(file), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // A JWK set holds public keys only: jjwt's reason may quote it.
            throw new IOException(file + " is not a JWK set: " + e.getMessage(), e);
        }
        Map<String, PublicKey> keys = new HashMap<>();
        for (Jwk<?> jwk : set.getKeys()) {
            if (jwk.getId() != null && jwk.toKey() instanceof PublicKey key) {
                keys.put(jwk.getId(), key);
            }
        }
        if (keys.isEmpty()) {
            throw new IOException(file + " holds no public key with a kid");
        }
        return keys;
    }
}
