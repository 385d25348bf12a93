package io.presence.service.testing;

import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PresenceScan;
import io.presence.service.core.PresenceStore;
import java.util.Optional;

/** A store that hands every call to another: tests override the one call they watch or disturb. */
public class ForwardingPresenceStore implements PresenceStore {

    private final PresenceStore delegate;

    public ForwardingPresenceStore(PresenceStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<PresenceRecord> get(String userId) {
        return delegate.get(userId);
    }

    @Override
    public PresenceRecord put(PresenceRecord record) {
        return delegate.put(record);
    }

    @Override
    public PresenceRecord putIfRevision(PresenceRecord record, long expectedRevision) {
        return delegate.putIfRevision(record, expectedRevision);
    }

    @Override
    public long latestRevision() {
        return delegate.latestRevision();
    }

    @Override
    public PresenceScan scan() {
        return delegate.scan();
    }
}
