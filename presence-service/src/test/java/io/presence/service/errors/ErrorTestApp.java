package io.presence.service.errors;

import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.PrincipalImpl;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.presence.api.PresenceLimits;
import io.presence.service.json.StrictJson;
import io.dropwizard.core.server.ServerFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import java.util.Optional;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/** A minimal application wired the way the real one must be: {@link ErrorHandling} in both phases. */
public class ErrorTestApp extends Application<ErrorTestConfiguration> {

    static final String GOOD_TOKEN = "good-token";
    /** What Jersey allows on {@code /things/{id}} ({@link ThingsResource}). */
    static final String THINGS_ALLOW = "GET, HEAD, OPTIONS, PUT";

    @Override
    public void initialize(Bootstrap<ErrorTestConfiguration> bootstrap) {
        StrictJson.configureObjectMapper(bootstrap.getObjectMapper());
    }

    @Override
    public void run(ErrorTestConfiguration configuration, Environment environment) {
        ErrorHandling.install(configuration, environment,
                path -> path.startsWith("/things/") ? Optional.of(THINGS_ALLOW) : Optional.empty(),
                path -> Optional.empty());
        configuration.setServerFactory(new BodyLimitedServerFactory(configuration.getServerFactory()));
        environment.jersey().register(new AuthDynamicFeature(new OAuthCredentialAuthFilter.Builder<PrincipalImpl>()
                .setAuthenticator(token -> GOOD_TOKEN.equals(token)
                        ? Optional.of(new PrincipalImpl("alice")) : Optional.empty())
                .setAuthorizer((principal, role, context) -> false)
                .setPrefix("Bearer")
                .setRealm("presence")
                .buildAuthFilter()));
        environment.jersey().register(RolesAllowedDynamicFeature.class);
        environment.jersey().register(new ThingsResource());
        environment.servlets().addServlet("boom", new BoomServlet()).addMapping("/servlet/*");
    }

    /** The body limit as the presence server has it: Jetty's {@code SizeLimitHandler} in front of everything. */
    private record BodyLimitedServerFactory(ServerFactory configured) implements ServerFactory {
        @Override
        public Server build(Environment environment) {
            Server server = configured.build(environment);
            SizeLimitHandler limit = new SizeLimitHandler(PresenceLimits.MAX_BODY_BYTES, -1);
            limit.setHandler(server.getHandler());
            server.setHandler(limit);
            return server;
        }

        @Override
        public void configure(Environment environment) {
            configured.configure(environment);
        }
    }
}
