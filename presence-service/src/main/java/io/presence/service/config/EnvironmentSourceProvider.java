package io.presence.service.config;

import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.UndefinedEnvironmentVariableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code ${NAME}} and {@code ${NAME:-default}} in a configuration file from the environment. A
 * variable without a default must be set: left as it is, {@code jwtSecret: ${VAULT_SECRET}} would make
 * the text {@code ${VAULT_SECRET}}, which anyone can read here, the signing key. Comment lines are left
 * alone, so the example files can show settings whose variables are unset.
 */
public final class EnvironmentSourceProvider implements ConfigurationSourceProvider {

    /** commons-text names the variable in its message: {@code Cannot resolve variable 'NAME' (...)}. */
    private static final Pattern VARIABLE_NAME = Pattern.compile("variable '([^']*)'");

    private final ConfigurationSourceProvider delegate;
    private final EnvironmentVariableSubstitutor substitutor;

    public EnvironmentSourceProvider(ConfigurationSourceProvider delegate) {
        this(delegate, System.getenv());
    }

    EnvironmentSourceProvider(ConfigurationSourceProvider delegate, Map<String, String> environment) {
        this.delegate = delegate;
        this.substitutor = new EnvironmentVariableSubstitutor(true);
        substitutor.setVariableResolver(environment::get);
        // So a default may name another variable: ${HUB_URLS:-${HUB_URL:-...}} reads a renamed setting too.
        substitutor.setEnableSubstitutionInVariables(true);
    }

    @Override
    public InputStream open(String path) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = delegate.open(path)) {
            // Not readAllBytes: JDK 17's FileInputStream version seeks, which fails ("Illegal seek") on a
            // pipe, e.g. a config given as <(envsubst < center.yml) or /dev/stdin.
            in.transferTo(bytes);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        StringBuilder filled = new StringBuilder(text.length());
        for (int i = 0; i < lines.size(); i++) {
            filled.append(fill(path, i + 1, lines.get(i))).append('\n');
        }
        return new ByteArrayInputStream(filled.toString().getBytes(StandardCharsets.UTF_8));
    }

    private String fill(String path, int number, String line) {
        if (line.stripLeading().startsWith("#")) {
            return line;
        }
        try {
            return substitutor.replace(line);
        } catch (UndefinedEnvironmentVariableException e) {
            Matcher name = VARIABLE_NAME.matcher(String.valueOf(e.getMessage()));
            String variable = name.find() ? name.group(1) : "a variable";
            throw new ConfigurationRefusedException(path + " line " + number + " uses ${" + variable
                    + "}, but the environment variable " + variable + " is not set: set it, or give a default"
                    + " in the file (${" + variable + ":-value})", e);
        }
    }
}
