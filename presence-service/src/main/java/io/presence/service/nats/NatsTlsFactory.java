package io.presence.service.nats;

import io.presence.service.config.ConfigurationRefusedException;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The {@code nats.tls:} section: PEM files for the embedded server's client port and leafnode links
 * (mutual TLS on the leafnode listener: a leaf must present a certificate signed by {@code caFile}),
 * and the CA the node's own NATS connection trusts.
 */
public class NatsTlsFactory {

    @NotBlank
    private String certFile;

    @NotBlank
    private String keyFile;

    @NotBlank
    private String caFile;

    /**
     * The files as the server settings need them, each checked readable: nats-server would otherwise fail on a
     * missing one at the end of a forty-line dump of its configuration.
     */
    public NatsServerSettings.Tls settings() {
        return new NatsServerSettings.Tls(readable("certFile", certFile), readable("keyFile", keyFile),
                readable("caFile", caFile));
    }

    private static Path readable(String setting, String file) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new ConfigurationRefusedException("nats.tls." + setting + " " + file + " does not exist");
        }
        if (!Files.isReadable(path)) {
            throw new ConfigurationRefusedException("nats.tls." + setting + " " + file + " is not readable by the user the node"
                    + " runs as (" + System.getProperty("user.name") + ")");
        }
        return path;
    }

    /** A client context trusting only {@code caFile}: for the node's connection to its server. */
    public SSLContext clientContext() {
        try (InputStream in = Files.newInputStream(Path.of(caFile))) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new ConfigurationRefusedException("nats.tls.caFile holds no certificate: " + caFile);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read nats.tls.caFile " + caFile, e);
        } catch (GeneralSecurityException e) {
            throw new ConfigurationRefusedException("nats.tls.caFile " + caFile + " is not a PEM certificate: "
                    + e.getMessage(), e);
        }
    }

    @JsonProperty
    public String getCertFile() {
        return certFile;
    }

    @JsonProperty
    public void setCertFile(String certFile) {
        this.certFile = certFile;
    }

    @JsonProperty
    public String getKeyFile() {
        return keyFile;
    }

    @JsonProperty
    public void setKeyFile(String keyFile) {
        this.keyFile = keyFile;
    }

    @JsonProperty
    public String getCaFile() {
        return caFile;
    }

    @JsonProperty
    public void setCaFile(String caFile) {
        this.caFile = caFile;
    }
}
