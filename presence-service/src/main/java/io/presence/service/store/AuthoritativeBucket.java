package io.presence.service.store;

import io.nats.client.KeyValue;
import java.io.IOException;

/**
 * The bucket where its stream lives, for the reads that must not trust a replica that may lag: a center's own
 * handle; a leaf's handle on its hub's bucket, opened at the first such read (opening asks the hub, which may be
 * unreachable while the leaf starts) and kept once open.
 */
final class AuthoritativeBucket {

    /** Opens the hub's handle; may fail while the hub is unreachable. */
    interface Opener {
        KeyValue open() throws IOException;
    }

    private final Opener opener;
    private volatile KeyValue handle;

    private AuthoritativeBucket(Opener opener) {
        this.opener = opener;
    }

    /** A center's: the bucket it already has open. */
    static AuthoritativeBucket local(KeyValue kv) {
        return new AuthoritativeBucket(() -> kv);
    }

    /** A leaf's: its hub's bucket, opened by {@code opener} when first needed. */
    static AuthoritativeBucket remote(Opener opener) {
        return new AuthoritativeBucket(opener);
    }

    KeyValue handle() throws IOException {
        KeyValue open = handle;
        if (open == null) {
            synchronized (this) {
                if (handle == null) {
                    handle = opener.open();
                }
                open = handle;
            }
        }
        return open;
    }
}
