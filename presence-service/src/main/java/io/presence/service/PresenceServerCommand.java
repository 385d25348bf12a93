package io.presence.service;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import net.sourceforge.argparse4j.inf.Namespace;

/** Dropwizard's {@code server} command, reporting start-up failures the operator can fix in one message. */
final class PresenceServerCommand extends ServerCommand<PresenceConfiguration> {

    PresenceServerCommand(Application<PresenceConfiguration> application) {
        super(application);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        StartupErrors.print(cli.getStdErr(), error);
    }
}
