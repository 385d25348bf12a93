package io.presence.service.config;

/**
 * A setting the node refuses to start with: a secret missing or too short, a file a setting names that is missing
 * or unreadable, a variable the configuration uses that is unset. The operator fixes it in the configuration or its
 * environment and a restart cannot, so the process exits 78 as for an invalid file ({@code StartupErrors.exitCode}),
 * and a service manager does not restart it into the same refusal.
 */
public final class ConfigurationRefusedException extends IllegalStateException {

    public ConfigurationRefusedException(String message) {
        super(message);
    }

    public ConfigurationRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
