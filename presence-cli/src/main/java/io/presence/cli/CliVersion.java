package io.presence.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version Maven built this CLI as (a filtered resource), not a constant to keep in step. */
final class CliVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        Properties built = new Properties();
        try (InputStream in = CliVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is not on the class path: a broken build");
            }
            built.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String[] {"presence-cli " + built.getProperty("version")};
    }
}
