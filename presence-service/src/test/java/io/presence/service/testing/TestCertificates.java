package io.presence.service.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway CA and certificates it signs, made with the JDK's keytool (no extra dependency), written as
 * PEM files for nats-server: {@code <name>.crt}, {@code <name>.key} (PKCS#8) and {@code ca.pem}.
 */
public final class TestCertificates {

    private static final String PASSWORD = "test-store-password";

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A new CA in {@code dir} (its certificate in {@code dir/ca.pem}). */
    public static TestCertificates newCa(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        TestCertificates ca = new TestCertificates(dir);
        ca.keytool("-genkeypair", "-alias", "ca", "-dname", "CN=presence-test-ca", "-ext", "bc:c",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", ca.store("ca").toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        ca.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.store("ca").toString(),
                "-storepass", PASSWORD, "-file", ca.caFile().toString());
        return ca;
    }

    public Path caFile() {
        return dir.resolve("ca.pem");
    }

    public Path certFile(String name) {
        return dir.resolve(name + ".crt");
    }

    public Path keyFile(String name) {
        return dir.resolve(name + ".key");
    }

    /** A certificate for 127.0.0.1 / localhost, for servers and clients, signed by this CA. */
    public TestCertificates issue(String name) {
        String store = store(name).toString();
        keytool("-genkeypair", "-alias", name, "-dname", "CN=" + name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store, "-storepass", PASSWORD,
                "-keypass", PASSWORD);
        Path csr = dir.resolve(name + ".csr");
        keytool("-certreq", "-alias", name, "-keystore", store, "-storepass", PASSWORD, "-file", csr.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", store("ca").toString(), "-storepass", PASSWORD,
                "-infile", csr.toString(), "-outfile", certFile(name).toString(), "-rfc", "-validity", "2",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "EKU=serverAuth,clientAuth");
        try (InputStream in = Files.newInputStream(store(name))) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, PASSWORD.toCharArray());
            PrivateKey key = (PrivateKey) keyStore.getKey(name, PASSWORD.toCharArray());
            Files.writeString(keyFile(name), "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                    key.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        } catch (Exception e) {
            throw new IllegalStateException("cannot export the key of " + name, e);
        }
        return this;
    }

    /** The {@code nats.tls} YAML for the certificate {@code name}. */
    public String natsTlsYaml(String name) {
        return "tls:\n  certFile: " + certFile(name) + "\n  keyFile: " + keyFile(name) + "\n  caFile: " + caFile()
                + "\n";
    }

    private Path store(String name) {
        return dir.resolve(name + ".p12");
    }

    private void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = null;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("keytool timed out: " + command);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + command + "\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }
}
