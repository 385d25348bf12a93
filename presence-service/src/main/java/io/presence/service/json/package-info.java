/** How the application's {@code ObjectMapper} writes JSON where Jackson's defaults are slow on the hot path. */
package io.presence.service.json;
