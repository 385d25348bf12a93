package io.presence.service.testing;

import io.presence.api.PresenceLimits;
import io.presence.api.PresenceUpdate;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PresenceService;
import java.util.OptionalLong;

/** What a PUT does to the service, for tests of the layers below the API. */
public final class ServiceWrites {

    private ServiceWrites() {
    }

    /** The update's record, stored (at {@code ifMatch} when present). */
    public static PresenceRecord update(PresenceService service, String userId, PresenceUpdate update,
                                        OptionalLong ifMatch) {
        return service.commit(service.sessionWrite(userId, PresenceLimits.DEFAULT_SESSION_ID, update), ifMatch);
    }
}
