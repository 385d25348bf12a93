package io.presence.service.config;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpsConnectorFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;

/**
 * Opens the key and trust stores of every {@code https} connector before the node starts, so that a store that is
 * missing, unreadable or locked with another password is a configuration to fix (exit 78, refused by {@code check}
 * too) rather than Jetty's stack trace once the node is half started, an exit 1 that systemd restarts forever.
 */
public final class KeyStoresCheck {

    private KeyStoresCheck() {
    }

    /** @throws ConfigurationRefusedException naming the setting and what is wrong with its store */
    public static void check(ServerFactory server) {
        if (server instanceof DefaultServerFactory servers) {
            check("server.applicationConnectors", servers.getApplicationConnectors());
            check("server.adminConnectors", servers.getAdminConnectors());
        } else if (server instanceof SimpleServerFactory simple) {
            check("server.connector", List.of(simple.getConnector()));
        }
    }

    private static void check(String setting, List<ConnectorFactory> connectors) {
        for (int i = 0; i < connectors.size(); i++) {
            if (connectors.get(i) instanceof HttpsConnectorFactory https) {
                String where = setting + (setting.endsWith("s") ? "[" + i + "]" : "") + ".";
                open(where + "keyStorePath", https.getKeyStorePath(), https.getKeyStoreType(),
                        https.getKeyStorePassword());
                open(where + "trustStorePath", https.getTrustStorePath(), https.getTrustStoreType(),
                        https.getTrustStorePassword());
            }
        }
    }

    private static void open(String setting, String path, String type, String password) {
        if (path == null) {
            // A store that is no file (a PKCS#11 token, Windows-MY): Jetty opens it, nothing to check here.
            return;
        }
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationRefusedException(setting + " " + path + " does not exist or is not a file");
        }
        if (!Files.isReadable(file)) {
            throw new ConfigurationRefusedException(setting + " " + path
                    + " is not readable by the user the node runs as");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore.getInstance(type).load(in, password == null ? null : password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            // The JDK words a wrong password as "keystore password was incorrect", a file of another kind by what
            // failed to parse; neither carries the password.
            String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new ConfigurationRefusedException(setting + " " + path + " does not open as a " + type
                    + " store with its password (" + why + "): check the file, its type and the password setting"
                    + " beside it", e);
        }
    }
}
