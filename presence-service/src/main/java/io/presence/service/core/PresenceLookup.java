package io.presence.service.core;

import java.util.List;

/**
 * The result of looking up several users.
 *
 * @param found    records in request order, each user once
 * @param notFound ids without a record, in request order, each once
 */
public record PresenceLookup(List<PresenceRecord> found, List<String> notFound) {
}
