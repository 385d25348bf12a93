package io.presence.service.core;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Makes this node's writes of one user take turns. Every write reads the user's record, applies its change and
 * stores the whole record with a plain put ({@link SessionRepair} says why not a compare-and-set), so two writes of
 * one user through one node at once (two devices signing in together) would both start from the record without the
 * other's session, and the later put would drop the earlier one's; both would also pass the session limit. In
 * turns, each starts from the record the one before stored (the cache holds it once acknowledged). Writes through
 * other nodes are {@link SessionRepair}'s to reconcile.
 *
 * <p>Striped: a fixed set of locks shared by hash, so nothing is kept per user. Two users on one stripe wait for
 * each other's write: with 64 writes in flight, about one write in 65 waits for one put.
 */
public final class UserLocks {

    private static final int STRIPES = 4096;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    public UserLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Runs {@code write} once no other write of {@code userId} through these locks is running. */
    public <T> T inTurn(String userId, Supplier<T> write) {
        ReentrantLock lock = stripes[Math.floorMod(spread(userId.hashCode()), STRIPES)];
        lock.lock();
        try {
            return write.get();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code write} once no other write of {@code userId} through these locks is running. */
    public void inTurn(String userId, Runnable write) {
        inTurn(userId, () -> {
            write.run();
            return null;
        });
    }

    /** Mixes the high bits in, as HashMap does, so ids differing only at their end spread over the stripes. */
    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
