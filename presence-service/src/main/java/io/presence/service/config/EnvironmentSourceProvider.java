package io.presence.service.config;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
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
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code ${NAME}} and {@code ${NAME:-default}} in a configuration file from the environment. A
 * variable without a default must be set: left as it is, {@code jwtSecret: ${VAULT_SECRET}} would make
 * the text {@code ${VAULT_SECRET}}, which anyone can read here, the signing key. Comment lines are left
 * alone, so the example files can show settings whose variables are unset.
 *
 * <p>A value is the variable's text, whole: where it is a setting's whole value ({@code key: ${NAME}}, also in
 * quotes) it is written as a quoted YAML string, and in a list ({@code key: [${NAME}]}) as one string per
 * comma-separated item. Pasted as it is, a secret beginning with {@code *} lost it (an alias), one holding
 * {@code " #"} was cut there (a comment), {@code 0x1F} became 31, and one holding {@code ": "} made the file
 * unreadable, and the parser's message printed that line, secret and all. Nor is a {@code ${...}} inside a value
 * filled in again.
 */
public final class EnvironmentSourceProvider implements ConfigurationSourceProvider {

    /** commons-text names the variable in its message: {@code Cannot resolve variable 'NAME' (...)}. */
    private static final Pattern VARIABLE_NAME = Pattern.compile("variable '([^']*)'");
    /**
     * {@code key: ${NAME}}, the variable in quotes or not, or a list of it ({@code key: [${NAME}]}, comma-separated),
     * maybe a list item, maybe a comment after it.
     */
    private static final Pattern WHOLE_VALUE = Pattern.compile(
            "(\\s*(?:-\\s+)?[^\\s#'\"\\[{][^#'\"]*?:\\s+)([\"'\\[]?)(\\$\\{.+?\\})([\"'\\]]?)(\\s+#.*)?\\s*");

    private final ConfigurationSourceProvider delegate;
    private final EnvironmentVariableSubstitutor substitutor;

    public EnvironmentSourceProvider(ConfigurationSourceProvider delegate) {
        this(delegate, System.getenv());
    }

    EnvironmentSourceProvider(ConfigurationSourceProvider delegate, Map<String, String> environment) {
        this.delegate = delegate;
        this.substitutor = new EnvironmentVariableSubstitutor(true);
        // Set but empty reads as unset, as in the shell: ${NATS_CLIENT_PORT:-4222} with NATS_CLIENT_PORT= is 4222.
        substitutor.setVariableResolver(name -> {
            String value = environment.get(name);
            return value == null || value.isEmpty() ? null : value;
        });
        // So a default may name another variable: ${HUB_URLS:-${HUB_URL:-...}} reads a renamed setting too.
        substitutor.setEnableSubstitutionInVariables(true);
        // A value is text, whole: a secret holding ${HOME} is not filled in again.
        substitutor.setDisableSubstitutionInValues(true);
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
            Matcher whole = WHOLE_VALUE.matcher(line);
            String open = whole.matches() ? whole.group(2) : null;
            if (open == null || !whole.group(4).equals(open.equals("[") ? "]" : open)) {
                return substitutor.replace(line);
            }
            String value = substitutor.replace(whole.group(3));
            String comment = whole.group(5) == null ? "" : substitutor.replace(whole.group(5));
            String filled = open.equals("[") ? list(value) : scalar(value, open);
            return whole.group(1) + filled + comment;
        } catch (UndefinedEnvironmentVariableException e) {
            Matcher name = VARIABLE_NAME.matcher(String.valueOf(e.getMessage()));
            String variable = name.find() ? name.group(1) : "a variable";
            throw new ConfigurationRefusedException(path + " line " + number + " uses ${" + variable
                    + "}, but the environment variable " + variable + " is not set (or empty): set it, or give a"
                    + " default in the file (${" + variable + ":-value})", e);
        }
    }

    /**
     * {@code value} as a YAML scalar reading back as that text: in the file's quotes, or in double quotes; an empty
     * value in none stays no value. Always quoted, as YAML would read {@code 0x1F}, {@code on} or {@code 1e3} as a
     * number or a boolean and give the setting another text; a number or boolean setting reads its text as before.
     */
    static String scalar(String value, String fileQuote) {
        if (fileQuote.equals("'")) {
            return "'" + value.replace("'", "''") + "'";
        }
        if (fileQuote.isEmpty() && value.isEmpty()) {
            return value;
        }
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
    }

    /** A comma-separated {@code value} as a YAML flow list of its items, each quoted; empty items left out. */
    static String list(String value) {
        StringJoiner items = new StringJoiner(", ", "[", "]");
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(scalar(item.strip(), ""));
            }
        }
        return items.toString();
    }
}
