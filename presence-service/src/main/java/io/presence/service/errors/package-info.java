/**
 * Every HTTP error as one JSON shape, {@code {"code","message","details"}}.
 *
 * <p>The application calls {@link io.presence.service.errors.ErrorHandling#configureObjectMapper} in
 * {@code initialize(bootstrap)} and {@link io.presence.service.errors.ErrorHandling#install} first thing
 * in {@code run()}. {@code install} sets {@code server.registerDefaultExceptionMappers} to false on the
 * server factory itself (the server is built after {@code run()}), so no YAML setting is required;
 * {@code registerDefaultExceptionMappers: false} in the YAML is equivalent and harmless.
 */
package io.presence.service.errors;
