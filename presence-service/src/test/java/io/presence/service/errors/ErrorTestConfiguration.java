package io.presence.service.errors;

import io.dropwizard.core.Configuration;

/** The test application's configuration: only the server section. */
public class ErrorTestConfiguration extends Configuration {
}
