package io.presence.service.auth;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.Duration;
import io.presence.api.PresenceLimits;
import io.presence.service.PresenceConfiguration;
import io.presence.service.StartupErrors;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code token --subject alice [--scope presence:admin] [--ttl 1h] [config.yml]}: prints a token signed
 * with the configured secret, so operators and the quickstart can write without another tool.
 */
public final class TokenCommand extends ConfiguredCommand<PresenceConfiguration> {

    private final PrintStream out;

    public TokenCommand() {
        this(System.out);
    }

    /** Prints tokens to {@code out} (tests capture it). */
    public TokenCommand(PrintStream out) {
        super("token", "Print a JWT for writing presence, signed with auth.jwtSecret (JWT_SECRET)");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--subject", "-s").required(true)
                .help("the user id the token writes for (its sub claim)");
        subparser.addArgument("--scope").action(net.sourceforge.argparse4j.impl.Arguments.append())
                .help("a scope to grant (repeatable): presence:admin to write anyone's presence, presence:read for "
                        + "a backend whose reads are not rate-limited");
        subparser.addArgument("--ttl").setDefault("1h")
                .help("how long the token is valid, e.g. 15m, 1h, 7d");
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        StartupErrors.print(cli.getStdErr(), error);
    }

    @Override
    protected void run(Bootstrap<PresenceConfiguration> bootstrap, Namespace namespace,
                       PresenceConfiguration configuration) {
        AuthFactory auth = configuration.getAuth();
        java.time.Duration ttl = ttl(namespace.getString("ttl"));
        List<String> scopes = scopes(namespace.getList("scope"));
        String subject = subject(namespace.getString("subject"), scopes);
        TokenIssuer issuer = new TokenIssuer(auth.signingKey(), auth.getIssuer(), auth.getAudience(),
                Clock.systemUTC());
        out.println(issuer.issue(subject, scopes, ttl));
    }

    /** Only scopes the server acts on: a token with another would look more powerful than it is. */
    static List<String> scopes(List<String> given) {
        List<String> scopes = given == null ? List.of() : given;
        for (String scope : scopes) {
            if (!scope.equals(PresencePrincipal.ADMIN_SCOPE) && !scope.equals(PresencePrincipal.READ_SCOPE)) {
                throw new IllegalStateException("--scope '" + scope + "' grants nothing here: the scopes are "
                        + PresencePrincipal.ADMIN_SCOPE + " (write anyone's presence, no rate limits) and "
                        + PresencePrincipal.READ_SCOPE + " (reads not limited, for a backend reading for its users)");
            }
        }
        return scopes;
    }

    /** A user's token must name a user: one whose subject no user id can equal would write nothing. */
    static String subject(String subject, List<String> scopes) {
        if (scopes.isEmpty() && !PresenceLimits.isValidUserId(subject)) {
            throw new IllegalStateException("--subject '" + subject + "' is not a user id ("
                    + PresenceLimits.USER_ID_RULE + "): a token for it could write no one's presence; give the "
                    + "user's id, or --scope " + PresencePrincipal.ADMIN_SCOPE + " (or " + PresencePrincipal.READ_SCOPE
                    + ") for a service's token");
        }
        return subject;
    }

    /** {@code --ttl}, positive; a bad value is the operator's to fix, so it is one line, not a trace. */
    static java.time.Duration ttl(String text) {
        java.time.Duration ttl;
        try {
            ttl = Duration.parse(text).toJavaDuration();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("--ttl '" + text + "' is not a duration: use e.g. 15m, 1h or 7d");
        }
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalStateException("--ttl must be positive (was '" + text + "'): a token that is already"
                    + " expired is of no use");
        }
        return ttl;
    }
}
